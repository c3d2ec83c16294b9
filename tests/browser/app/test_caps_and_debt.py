"""How the app shows a fare cap in progress and a pay-as-you-go debt. The Hanoi demo feed has no
caps and a new rider owes nothing, so these two answers are served from the browser (documented
shapes of GET /v1/caps and GET /v1/wallet); everything else comes from the live server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.app.flows import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CAP = {
    "cap_id": "day_cap", "name": "Trần ngày", "period": "day",
    "period_start": "2026-12-05T00:00:00+07:00", "period_end": "2026-12-06T00:00:00+07:00",
    "amount_minor": 20000, "charged_minor": 8000, "remaining_minor": 12000, "currency": "VND",
    "rider_category_id": None, "fare_media_id": None,
    "message": "Trần ngày: đã trả 8.000 ₫ / 20.000 ₫ hôm nay; còn 12.000 ₫ là đạt mức trần.",
}
CHARGE = {
    "charge_id": "C1", "journey_ref": "J1", "operator_id": "HANOI_METRO", "fare_product_id": "PAYG",
    "base_minor": 12000, "charged_minor": 12000, "currency": "VND", "caps_applied": [],
    "explanation": ["Cát Linh → Hà Đông: 12.000 ₫"], "travelled_at": "2026-12-05T08:00:00+07:00",
    "status": "owed", "incomplete": False,
}
WALLET = {
    "currency": "VND", "balance_minor": 0, "balance_display": "0 ₫", "owed_minor": 12000,
    "recent_topups": [], "recent_charges": [CHARGE],
}


def answer(document: dict[str, Any]) -> Any:
    def fulfil(route: Any) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(document))

    return fulfil


def test_a_cap_in_progress_and_an_owed_ride_are_shown(phone: tuple[Any, Any]) -> None:
    _context, page = phone
    sign_up(page)
    page.route("**/v1/caps*", answer({"at": "2026-12-05T09:00:00+07:00", "items": [CAP], "next": None}))
    page.route("**/v1/wallet", answer(WALLET))

    page.get_by_test_id("nav-trips").click()
    cap = page.get_by_test_id("cap-item")
    expect(cap).to_contain_text("còn 12.000 ₫ là đạt mức trần")
    assert cap.locator("progress").get_attribute("value") == "8000"
    assert cap.locator("progress").get_attribute("max") == "20000"

    page.get_by_test_id("nav-wallet").click()
    expect(page.get_by_test_id("wallet-balance")).to_have_text("0 ₫")
    expect(page.get_by_test_id("wallet-owed")).to_have_text("Còn nợ: 12.000 ₫")
    expect(page.get_by_text("chưa thanh toán")).to_have_count(1)
