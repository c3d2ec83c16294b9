"""Sign up → buy with the sandbox card → the QR is shown → the network goes away → reload → the QR
is still shown (service worker + IndexedDB) → the QR read from a screenshot is the ticket, and a
reader enrolled against the live server accepts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.app.flows import buy, decode, enrolled_reader, qr_screenshot, scan, sign_up
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Resolves once the service worker controls the page (the shell is then cached for offline use).
CONTROLLED = """() => navigator.serviceWorker.controller !== null || new Promise(
    (resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""


def test_a_ticket_bought_online_is_shown_offline_and_a_reader_accepts_it(
    live_server: LiveServer, phone: tuple[Any, Any], tmp_path: Path
) -> None:
    context, page = phone
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    sign_up(page)
    buy(page, "bus_single_8000")
    online_code = decode(qr_screenshot(page, tmp_path / "online.png"))
    assert online_code.count(".") == 2  # a static ticket, shown as issued (no phone proof)
    assert "~" not in online_code
    frame = page.get_by_test_id("qr-frame")
    frame.click()  # full screen, for the reader's camera
    expect(frame).to_have_class("qr-frame full")
    assert decode(qr_screenshot(page, tmp_path / "full.png")) == online_code
    frame.click()
    expect(frame).to_have_class("qr-frame")

    page.evaluate(CONTROLLED)
    context.set_offline(True)
    page.reload()
    page.get_by_test_id("offline-banner").wait_for()
    page.get_by_test_id("ticket-qr").wait_for()
    offline_png = qr_screenshot(page, tmp_path / "offline.png")
    assert decode(offline_png) == online_code

    page.get_by_test_id("nav-tickets").click()
    expect(page.get_by_test_id("ticket-item")).to_have_count(1)

    outside = [url for url in requested if not url.startswith(live_server.url + "/")]
    assert outside == []  # no CDN or other origin, ever (the sandbox needs no card script)
    assert any(url.endswith("/app/sw.js") for url in requested)

    reader = enrolled_reader(live_server, tmp_path, vehicle="29B-018", route="BUS_18")
    decision = scan(live_server, reader, image=offline_png)
    assert decision["accepted"] is True, decision
    again = scan(live_server, reader, image=offline_png)
    assert again["accepted"] is False, again  # a single is spent once
