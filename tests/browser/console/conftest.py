"""Fixtures for the console's browser tests (names prefixed ``console_`` so they sit beside the
rider app's shared fixtures).

- ``console_server``: ``vexe serve`` in a subprocess on a free loopback port, fresh SQLite data
  directory, migrated and loaded with the Hanoi demo.
- ``console_world``: what the scenarios need, made through the public APIs and the real reader
  CLI: one staff account per role, a paid ride on each operator (so both have ledger accounts),
  a HANOI_METRO gate, yesterday settled for both operators, a pending concession request.
- ``browser`` (from tests/browser/conftest.py): Debian's Chromium driven by Playwright.
- ``console_page``: a fresh laptop-sized context (1440×900, vi-VN, Asia/Ho_Chi_Minh) and its page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support.browser import LiveServer
from tests.support.console_browser import (
    HANOI,
    LAPTOP,
    PASSWORD,
    ROLES,
    ConsoleWorld,
    console_login,
    ride,
)
from tests.support.console_browser import console_server as make_console_server

__all__ = ["ConsoleWorld", "console_login"]


@pytest.fixture(scope="session")
def console_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = make_console_server(tmp_path_factory.mktemp("console-live") / "data")
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def console_world(console_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> ConsoleWorld:
    server = console_server
    admin = server.demo["admin"]
    login = httpx.post(f"{server.url}/v1/ops/auth/login", json=admin, timeout=30)
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    world = ConsoleWorld(server, token, "", "", "", {"admin": (admin["username"], admin["password"])})
    stores = tmp_path_factory.mktemp("console-readers")
    with world.api() as ops, httpx.Client(base_url=server.url, timeout=30) as rider:
        for key, (username, role, operator) in ROLES.items():
            made = ops.post("/v1/ops/staff", json={"username": username, "password": PASSWORD, "role": role,
                                                   "operator_id": operator})
            assert made.status_code == 201, made.text
            world.accounts[key] = (username, PASSWORD)
        person = {"email": "hanh-khach@example.vn", "password": "mat-khau-hanh-khach-1"}
        assert rider.post("/v1/auth/register", json=person).status_code == 201
        access = rider.post("/v1/auth/login", json=person).json()["access_token"]
        rider.headers["Authorization"] = f"Bearer {access}"
        ride(server, ops, rider, stores, product="bus_single_8000", media="tramoc_app", key="ride-bus",
              gates=[("BUS-29B-01", {"operator_id": "HN_BUS", "vehicle_id": "29B-00001"}, "in")])
        ride(server, ops, rider, stores, product="m2a_single_h02", media="hanoi_metro_app", key="ride-metro",
              gates=[("M2A-CATLINH-G1", {"operator_id": "HANOI_METRO", "stop_id": "M2A_01"}, "in")])
        world.metro_device_id = "M2A-CATLINH-G1"
        world.yesterday = (datetime.now(UTC).astimezone(HANOI).date() - timedelta(days=1)).isoformat()
        for operator in ("HN_BUS", "HANOI_METRO"):
            settled = ops.post("/v1/ops/settlements", json={"service_date": world.yesterday,
                                                           "operator_id": operator})
            assert settled.status_code == 200, settled.text
            assert len(settled.json()["items"]) == 1, settled.text
        asked = rider.post("/v1/concessions",
                           json={"rider_category_id": "uu_tien", "proof_reference": "SV-2026-001"})
        assert asked.status_code == 201, asked.text
        world.concession_id = asked.json()["concession_id"]
    return world


@pytest.fixture
def console_page(browser: Any, console_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP, base_url=console_server.url, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


