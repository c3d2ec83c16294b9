"""Staying logged in safely: after sign-up the only long-lived secret is an HttpOnly cookie that
script cannot read; a reload resumes the session from it; logging out ends it for good."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.app.flows import PASSWORD, sign_up
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Everything script can read on this origin: cookies, Web Storage and every IndexedDB value.
READABLE = """async () => {
    const values = [document.cookie, JSON.stringify(localStorage), JSON.stringify(sessionStorage)];
    const db = await new Promise((ok, fail) => {
        const r = indexedDB.open("vexe-app"); r.onsuccess = () => ok(r.result); r.onerror = fail; });
    const all = await new Promise((ok) => {
        const r = db.transaction("kv").objectStore("kv").getAll(); r.onsuccess = () => ok(r.result); });
    const keys = await new Promise((ok) => {
        const r = db.transaction("kv").objectStore("kv").getAllKeys(); r.onsuccess = () => ok(r.result); });
    for (const v of all) {
        values.push(v instanceof Object && "privateKey" in v ? "<key pair>" : JSON.stringify(v));
    }
    return {text: values.join("\\n"), keys};
}"""


def test_reload_resumes_from_the_httponly_cookie_and_logout_ends_it(
    live_server: LiveServer, phone: tuple[Any, Any]
) -> None:
    context, page = phone
    email = sign_up(page)
    cookies = {c["name"]: c for c in context.cookies()}
    refresh = cookies["vexe_app_refresh"]
    assert (refresh["httpOnly"], refresh["sameSite"], refresh["path"]) == (True, "Strict", "/app/session")

    readable = page.evaluate(READABLE)
    assert refresh["value"] not in readable["text"]
    assert "vexe_app_refresh" not in readable["text"]
    assert "eyJ" not in readable["text"]  # no access token (a JWT) kept either
    assert "rider" in readable["keys"]

    page.reload()
    page.get_by_test_id("ticket-list").wait_for()  # resumed: no login screen

    page.get_by_test_id("nav-account").click()
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-submit").wait_for()
    assert "vexe_app_refresh" not in {c["name"] for c in context.cookies()}
    page.reload()
    page.get_by_test_id("login-submit").wait_for()

    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill("wrong-password-1")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("alert")).to_have_text("Sai tên đăng nhập hoặc mật khẩu")
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("ticket-list").wait_for()
