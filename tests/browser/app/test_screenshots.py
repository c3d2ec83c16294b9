"""Phone-size screenshots of the main screens. Into a temporary folder by default (the screens
must render); into docs/img with VEXE_APP_SCREENSHOTS=docs/img, which is how the pictures in
docs/rider-app.md are made:

    VEXE_APP_SCREENSHOTS=docs/img .venv/bin/python -m pytest tests/browser/app/test_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser.app.flows import buy, open_checkout, sign_up
from tests.browser.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_screenshots_of_the_main_screens(phone: tuple[Any, Any], tmp_path: Path) -> None:
    _context, page = phone
    target = os.environ.get("VEXE_APP_SCREENSHOTS")
    folder = (REPO / target) if target else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shot(name: str) -> None:
        page.wait_for_load_state("networkidle")
        path = folder / f"rider-app-{name}.png"
        page.screenshot(path=str(path))
        shots.append(path)

    page.goto("/app/")
    page.get_by_test_id("login-submit").wait_for()
    shot("login")
    sign_up(page, "lan.nguyen@example.vn")  # once per live server: its data dir is fresh
    open_checkout(page, "m2a_day")
    page.get_by_test_id("product-item").first.wait_for()
    shot("checkout")
    page.get_by_test_id("checkout-pay").click()
    page.get_by_test_id("sandbox-pay").wait_for()
    shot("sandbox-payment")
    page.get_by_test_id("sandbox-pay").click()
    page.get_by_test_id("ticket-qr").wait_for()
    shot("ticket-qr")
    buy(page, "bus_single_8000", bind=True)
    page.locator('[data-testid="ticket-qr"][data-step]').wait_for()
    shot("ticket-phone-bound")
    page.get_by_test_id("nav-tickets").click()
    page.get_by_test_id("ticket-item").nth(1).wait_for()
    shot("tickets")
    page.get_by_test_id("nav-shop").click()
    page.get_by_test_id("product-item").first.wait_for()
    shot("shop")
    page.get_by_test_id("nav-wallet").click()
    page.get_by_test_id("wallet-balance").get_by_text("₫").wait_for()
    shot("wallet")
    page.get_by_test_id("nav-trips").click()
    page.get_by_test_id("trip-list").wait_for()
    shot("trips")
    page.get_by_test_id("lang-toggle").click()
    page.get_by_test_id("nav-account").click()
    page.get_by_test_id("concession-submit").wait_for()
    shot("account-en")

    for path in shots:
        with Image.open(path) as image:
            assert image.size == (360, 740), path
