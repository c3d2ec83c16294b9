"""What a rider does in the app, step by step, and what a reader does with the code shown."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image

from tests.browser.conftest import LiveServer

PASSWORD = "mat-khau-an-toan-1"
_riders = itertools.count(1)
_readers = itertools.count(1)


def sign_up(page: Any, email: str | None = None) -> str:
    """A new rider through the sign-up screen; ends on the (empty) ticket list."""
    email = email or f"rider{next(_riders)}-{id(page)}@app.test"
    page.goto("/app/")
    page.get_by_test_id("auth-switch").click()
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("ticket-list").wait_for()
    return email


def open_checkout(page: Any, product_id: str) -> None:
    page.get_by_test_id("nav-shop").click()
    item = page.locator(f'[data-testid="product-item"][data-product-id="{product_id}"]').first
    item.get_by_test_id("product-buy").click()
    page.get_by_test_id("checkout").wait_for()


def buy(page: Any, product_id: str, *, bind: bool = False) -> None:
    """Buy one ticket with the sandbox card; ends on the ticket's full-screen QR."""
    open_checkout(page, product_id)
    if bind:
        page.get_by_test_id("checkout-bind").check()
    page.get_by_test_id("checkout-pay").click()
    page.get_by_test_id("sandbox-pay").click()
    page.get_by_test_id("ticket-qr").wait_for()


def qr_screenshot(page: Any, path: Path) -> Path:
    page.get_by_test_id("ticket-qr").screenshot(path=str(path))
    return path


def decode(path: Path) -> str:
    """The text of the one QR code in the image (zxing-cpp, as a camera reader would)."""
    found = zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"expected one QR code in {path}, found {len(found)}"
    return str(found[0].text)


def enrolled_reader(server: LiveServer, root: Path, **where: str) -> Path:
    """A reader provisioned on the live server, enrolled and synced (snapshot downloaded)."""
    device_id = f"app-reader-{next(_readers)}"
    operator = "HN_BUS" if "vehicle" in where else "HANOI_METRO"
    place = [arg for key, value in where.items() for arg in (f"--{key}", value)]
    made = server.cli_json(
        "vexe", "devices", "provision", "--device-id", device_id, "--operator", operator, *place, "--json"
    )
    store = root / device_id
    token = made["enrolment_token"]
    server.cli("vexe-validator", "enroll", "--store", str(store), "--server", server.url, "--token", token)
    server.cli("vexe-validator", "sync", "--store", str(store), "--json")
    return store


def scan(server: LiveServer, store: Path, *, image: Path | None = None, payload: str | None = None,
         at: str | None = None) -> dict[str, Any]:
    shown = ["--image", str(image)] if image is not None else ["--payload", str(payload)]
    when = ["--at", at] if at is not None else []
    result: dict[str, Any] = server.cli_json(
        "vexe-validator", "scan", "--store", str(store), *shown, *when, "--json"
    )
    return result
