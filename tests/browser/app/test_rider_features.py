"""The rest of what a rider does in the app: top up the wallet, get the pay-as-you-go ticket,
activate a pass, refund a ticket, apply for a concession, ask for a quote, and see a trip
(with the caps section) once a reader has accepted a ticket and synced."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.app.flows import buy, decode, enrolled_reader, qr_screenshot, scan, sign_up
from tests.support.browser import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})* ₫$")


def badge(page: Any) -> Any:
    return expect(page.locator(".ticket-detail .badge"))


def test_wallet_top_up_and_the_pay_as_you_go_ticket(phone: tuple[Any, Any]) -> None:
    _context, page = phone
    sign_up(page)
    page.get_by_test_id("nav-wallet").click()
    balance = page.get_by_test_id("wallet-balance")
    expect(balance).to_have_text("0 ₫")
    page.get_by_test_id("topup-amount").fill("50000")
    page.get_by_test_id("topup-start").click()
    page.get_by_test_id("topup-confirm").click()
    page.get_by_role("status").wait_for()
    expect(balance).to_have_text("50.000 ₫")
    expect(page.get_by_test_id("wallet-owed")).to_have_count(0)

    page.get_by_test_id("account-ticket").click()
    qr = page.locator('[data-testid="ticket-qr"][data-step]')
    qr.wait_for()
    expect(balance).to_have_text("50.000 ₫")


def test_activate_a_pass_and_refund_a_single(phone: tuple[Any, Any]) -> None:
    _context, page = phone
    page.on("dialog", lambda dialog: dialog.accept())
    sign_up(page)
    buy(page, "m2a_week")
    badge(page).to_have_text("Chưa dùng")
    page.get_by_test_id("ticket-activate").click()
    page.get_by_role("status").wait_for()
    badge(page).to_have_text("Đang hiệu lực")
    expect(page.get_by_test_id("ticket-activate")).to_have_count(0)

    buy(page, "bus_single_8000")
    page.get_by_test_id("ticket-refund").click()
    page.get_by_role("status").wait_for()
    badge(page).to_have_text("Đã hoàn tiền")
    expect(page.get_by_test_id("ticket-refund")).to_have_count(0)


def test_concession_application_and_a_quote(phone: tuple[Any, Any]) -> None:
    _context, page = phone
    sign_up(page)
    page.get_by_test_id("nav-account").click()
    page.get_by_test_id("concession-category").select_option("uu_tien")
    page.get_by_test_id("concession-proof").fill("Thẻ sinh viên ĐHQGHN 20261234")
    page.get_by_test_id("concession-submit").click()
    page.get_by_role("status").wait_for()
    expect(page.get_by_test_id("concession-list")).to_contain_text("đang chờ duyệt")

    page.get_by_test_id("nav-shop").click()
    page.get_by_test_id("category-select").select_option("uu_tien")
    page.get_by_test_id("tab-m2a").click()
    week = page.locator('[data-testid="product-item"][data-product-id="m2a_week"]')
    expect(week.get_by_test_id("product-buy")).to_be_disabled()  # until the concession is approved
    expect(week).to_contain_text("Cần được duyệt ưu đãi")

    page.goto("/app/quote")
    page.get_by_test_id("quote-route").select_option("METRO_2A")
    page.get_by_test_id("quote-from").select_option("M2A_01")
    page.get_by_test_id("quote-to").select_option("M2A_05")
    page.get_by_test_id("quote-submit").click()
    result = page.get_by_test_id("quote-result")
    result.wait_for()
    total = result.locator("h2").inner_text().split(": ", 1)[1]
    assert AMOUNT.match(total), total
    assert result.locator("li").count() >= 1  # the fare engine's explanation


def test_a_trip_appears_once_a_reader_accepted_the_ticket(
    live_server: LiveServer, phone: tuple[Any, Any], tmp_path: Path
) -> None:
    _context, page = phone
    sign_up(page)
    buy(page, "m2a_day")
    code = decode(qr_screenshot(page, tmp_path / "day.png"))
    gate = enrolled_reader(live_server, tmp_path, stop="M2A_01")
    assert scan(live_server, gate, payload=code)["accepted"] is True
    live_server.cli("vexe-validator", "sync", "--store", str(gate), "--json")

    page.get_by_test_id("nav-trips").click()
    page.get_by_test_id("trip-item").first.wait_for()
    expect(page.get_by_test_id("trip-item").first).to_contain_text("Ga Cát Linh")
    # The Hanoi feed in force caps pay-as-you-go at the day and week passes: the caps are listed.
    page.get_by_test_id("caps").get_by_test_id("cap-item").first.wait_for()
