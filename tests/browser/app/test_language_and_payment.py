"""Vietnamese by default with English one tap away (kept across reloads); a declined card shows a
clear message in the rider's language and a new attempt buys exactly one ticket."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.app.flows import open_checkout, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_language_toggle_switches_vietnamese_and_english(phone: tuple[Any, Any]) -> None:
    _context, page = phone
    page.goto("/app/")
    submit = page.get_by_test_id("login-submit")
    expect(submit).to_have_text("Đăng nhập")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_test_id("lang-toggle").click()
    expect(submit).to_have_text("Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.get_by_test_id("login-submit")).to_have_text("Log in")
    page.get_by_test_id("lang-toggle").click()
    expect(page.get_by_test_id("login-submit")).to_have_text("Đăng nhập")


def test_a_declined_card_shows_why_and_a_new_attempt_buys_once(phone: tuple[Any, Any]) -> None:
    _context, page = phone
    sign_up(page)
    open_checkout(page, "bus_single_8000")
    page.get_by_test_id("checkout-pay").click()
    page.get_by_test_id("sandbox-decline").click()
    error = page.get_by_test_id("payment-error")
    error.wait_for()
    assert "Thanh toán không thành công" in error.inner_text()
    assert "Thẻ bị từ chối" in error.inner_text()
    assert error.get_attribute("role") == "alert"

    page.get_by_test_id("lang-toggle").click()
    page.get_by_test_id("payment-retry").click()
    page.get_by_test_id("checkout-pay").click()
    page.get_by_test_id("sandbox-decline").click()
    expect(page.get_by_test_id("payment-error")).to_contain_text("Your card was declined")

    page.get_by_test_id("payment-retry").click()
    page.get_by_test_id("checkout-pay").dblclick()  # a double tap is one attempt
    page.get_by_test_id("sandbox-pay").click()
    page.get_by_test_id("ticket-qr").wait_for()
    page.get_by_test_id("nav-tickets").click()
    expect(page.get_by_test_id("ticket-item")).to_have_count(1)
