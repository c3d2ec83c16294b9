"""Console sessions: login per role, cookies, CSRF on every POST, logout and logout everywhere,
the shared login throttle."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.support.console_pages import ACCOUNTS, PASSWORD, csrf_of, ensure_account, login
from ticketing.runtime import Runtime


@pytest.mark.slow  # five argon2 account hashes and logins
async def test_every_role_logs_in_and_sees_its_pages(app: FastAPI, console_network: Runtime) -> None:
    expected = {  # page -> roles that may open it
        "/console/": {"admin", "auditor", "bus", "metro"},
        "/console/settlement": {"admin", "auditor", "bus", "metro"},
        "/console/devices": {"admin", "auditor", "bus", "metro"},
        "/console/reconciliation": {"admin", "auditor"},
        "/console/fares": {"admin", "auditor"},
        "/console/concessions": {"admin", "auditor", "reviewer"},
        "/console/staff": {"admin"},
        "/console/audit": {"admin", "auditor"},
        "/console/tickets": {"admin", "auditor", "bus", "metro"},
        "/console/exceptions": {"admin", "auditor", "bus", "metro"},
        "/console/denylist": {"admin", "auditor", "bus", "metro"},
    }
    for key, (username, _role, _op) in ACCOUNTS.items():
        console = await login(app, username)
        async with console:
            for path, allowed in expected.items():
                got = await console.client.get(path)
                refused = 303 if (key, path) == ("reviewer", "/console/") else 403  # to the queue
                assert got.status_code == (200 if key in allowed else refused), (key, path, got.status_code)


async def test_session_cookie_is_httponly_and_strict(app: FastAPI, console_network: Runtime) -> None:
    await ensure_account(app, "quan-tri")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        form = await client.get("/console/login")
        assert "script-src 'none'" in form.headers["content-security-policy"]
        done = await client.post("/console/login", data={
            "csrf": csrf_of(form.text), "username": "quan-tri", "password": PASSWORD})
        assert done.status_code == 303
        cookie = next(v for k, v in done.headers.multi_items()
                      if k == "set-cookie" and v.startswith("vexe_console="))
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Path=/console" in cookie
        assert "Secure" not in cookie  # development; production sets Secure


async def test_wrong_password_and_login_csrf(app: FastAPI, console_network: Runtime) -> None:
    await ensure_account(app, "quan-tri")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        form = await client.get("/console/login")
        bad = await client.post("/console/login", data={
            "csrf": csrf_of(form.text), "username": "quan-tri", "password": "wrong-password"})
        assert bad.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in bad.text
        forged = await client.post("/console/login", data={
            "csrf": "forged-token-forged-token", "username": "quan-tri", "password": PASSWORD})
        assert forged.status_code == 403
        assert 'data-code="csrf_failed"' in forged.text


async def test_posts_without_the_csrf_token_are_refused(app: FastAPI, console_network: Runtime) -> None:
    console = await login(app, "quan-tri")
    async with console:
        for path, data in [
            ("/console/devices", {"device_id": "gate-x", "operator_id": "HN_BUS", "place_id": "S1"}),
            ("/console/settlement/close", {"service_date": "2026-01-01"}),
            ("/console/logout", {}),
        ]:
            missing = await console.client.post(path, data=data)
            assert missing.status_code == 403, path
            wrong = await console.client.post(path, data={**data, "csrf": "x" * 43})
            assert wrong.status_code == 403, path
        still = await console.client.get("/console/devices")
        assert still.status_code == 200
        assert "gate-x" not in still.text


async def test_logout_and_logout_everywhere(app: FastAPI, console_network: Runtime) -> None:
    first = await login(app, "quan-tri")
    second = await login(app, "quan-tri")
    third = await login(app, "quan-tri")
    async with first, second, third:
        out = await first.post("/console/logout")
        assert out.status_code == 303
        assert (await first.client.get("/console/")).status_code == 303  # back to the login form
        assert (await second.client.get("/console/")).status_code == 200
        everywhere = await second.post("/console/logout-everywhere")
        assert everywhere.status_code == 303
        gone = await third.client.get("/console/devices")
        assert gone.status_code == 303
        assert gone.headers["location"].startswith("/console/login")


@pytest.mark.slow  # ten argon2 verifications
async def test_console_and_api_share_the_login_throttle(app: FastAPI, console_network: Runtime) -> None:
    await ensure_account(app, "quan-tri")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        for _ in range(10):
            r = await client.post("/v1/ops/auth/login",
                                  json={"username": "quan-tri", "password": "nope-nope"})
            assert r.status_code == 401
        form = await client.get("/console/login")
        throttled = await client.post("/console/login", data={
            "csrf": csrf_of(form.text), "username": "quan-tri", "password": PASSWORD})
        assert throttled.status_code == 429
