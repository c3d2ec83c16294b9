"""Shared fixtures for the browser tests (rider app under app/, staff console under console/).

- ``live_server``: a real ``vexe serve`` subprocess on a free loopback port with a fresh SQLite data
  directory, migrated (``vexe db upgrade``) and loaded with the Hanoi demo (``vexe demo --json``,
  whose credentials are ``live_server.demo``). One per test session; tests create their own riders.
- ``browser``: Chromium driven by Playwright. Debian's ``/usr/bin/chromium`` (or ``VEXE_CHROMIUM``),
  else a browser Playwright installed itself. Without either the tests are skipped locally with
  the reason, and fail under CI (``CI`` set): CI must install the ``chromium`` package.
- ``new_context(**options)``: a fresh browser context (no storage, no service worker) with
  ``base_url`` set to the live server, closed after the test; options go to Playwright's
  ``new_context`` (e.g. ``viewport={"width": 1280, "height": 800}`` for a laptop).
- ``phone``: a fresh context with a 360×740 mobile viewport, and its page; ``new_phone`` makes
  more (e.g. with ``bypass_csp=True`` to inject axe-core).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import (
    CHROMIUM_ARGS,
    PHONE_VIEWPORT,
    REPO,
    ContextFactory,
    LiveServer,
    PhoneFactory,
    chromium_executable,
)

__all__ = ["REPO", "ContextFactory", "LiveServer", "PhoneFactory"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live-server") / "data")
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# Module scope, not session: sync Playwright keeps an event loop running in this thread while it is
# open, and every asyncio test after the browser tests would then fail to start its own loop.
@pytest.fixture(scope="module")
def playwright_api() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright_api: Any) -> Iterator[Any]:
    executable = chromium_executable()
    if executable is None and not Path(playwright_api.chromium.executable_path).exists():
        reason = "no Chromium: install Debian's chromium package (/usr/bin/chromium) or set VEXE_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    launched = playwright_api.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    try:
        yield launched
    finally:
        launched.close()




@pytest.fixture
def new_context(browser: Any, live_server: LiveServer) -> Iterator[ContextFactory]:
    """Make fresh browser contexts on the live server (all closed at the end of the test)."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        settings: dict[str, Any] = {
            "base_url": live_server.url,
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
        }
        context = browser.new_context(**(settings | options))
        context.set_default_timeout(30_000)  # a shared CI machine can be slow
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_phone(new_context: ContextFactory) -> PhoneFactory:
    """Make a fresh phone-sized (360×740, touch) context and its page."""

    def make(**options: Any) -> tuple[Any, Any]:
        phone_options: dict[str, Any] = {"viewport": PHONE_VIEWPORT, "is_mobile": True, "has_touch": True}
        context = new_context(**(phone_options | options))
        return context, context.new_page()

    return make


@pytest.fixture
def phone(new_phone: PhoneFactory) -> tuple[Any, Any]:
    """(context, page) of a fresh phone-sized browser."""
    return new_phone()
