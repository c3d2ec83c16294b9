from __future__ import annotations

from datetime import timedelta

import httpx
import jwt
import pytest

from tests.api.rider.helpers import bearer, register
from tests.factories import make_staff, staff_token
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime


async def test_register_by_phone_then_login_with_any_spelling(client: httpx.AsyncClient) -> None:
    created = await client.post("/v1/auth/register", json={"phone": "0912 345 678", "password": "mat-khau-1"})
    assert created.status_code == 201, created.text
    assert created.json()["rider"]["phone"] == "+84912345678"
    login = await client.post("/v1/auth/login", json={"phone": "+84912345678", "password": "mat-khau-1"})
    assert login.status_code == 200
    assert set(login.json()) >= {"access_token", "refresh_token"}
    me = await client.get("/v1/me", headers=bearer(login.json()["access_token"]))
    assert me.json()["phone"] == "+84912345678"


async def test_duplicate_and_malformed_registrations(client: httpx.AsyncClient) -> None:
    await register(client, "lan@example.vn")
    again = await client.post(
        "/v1/auth/register", json={"email": "LAN@example.vn", "password": "khac-nhau-1"}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "rider_exists"
    bad_phone = await client.post(
        "/v1/auth/register", json={"phone": "0212345678", "password": "khac-nhau-1"}
    )
    assert bad_phone.status_code == 422
    assert bad_phone.json()["code"] == "phone_invalid"
    both = await client.post(
        "/v1/auth/register", json={"phone": "0912345679", "email": "x@y.vn", "password": "khac-nhau-1"}
    )
    assert both.json()["code"] == "login_required"


async def test_wrong_password_is_401_and_login_is_rate_limited(client: httpx.AsyncClient) -> None:
    await register(client, "minh@example.vn")
    statuses = []
    for _ in range(12):
        r = await client.post("/v1/auth/login", json={"email": "minh@example.vn", "password": "sai-mat-khau"})
        statuses.append(r.status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    assert "Retry-After" in r.headers


async def test_refresh_rotates_and_reuse_revokes_the_family(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    first = await client.post("/v1/auth/refresh", json={"refresh_token": rider["refresh"]})
    assert first.status_code == 200
    second_token = first.json()["refresh_token"]
    assert second_token != rider["refresh"]
    # The spent token comes back: reuse, the family (including the fresh token) is revoked.
    reuse = await client.post("/v1/auth/refresh", json={"refresh_token": rider["refresh"]})
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "refresh_token_reused"
    after = await client.post("/v1/auth/refresh", json={"refresh_token": second_token})
    assert after.status_code == 401
    assert after.json()["code"] == "refresh_token_invalid"
    # Another login is a new family and works.
    login = await client.post("/v1/auth/login", json={"email": rider["email"], "password": rider["password"]})
    ok = await client.post("/v1/auth/refresh", json={"refresh_token": login.json()["refresh_token"]})
    assert ok.status_code == 200


async def test_refresh_token_expires(client: httpx.AsyncClient, clock: FixedClock) -> None:
    rider = await register(client)
    clock.advance(timedelta(days=31))
    r = await client.post("/v1/auth/refresh", json={"refresh_token": rider["refresh"]})
    assert r.status_code == 401
    assert r.json()["code"] == "refresh_token_expired"


@pytest.mark.parametrize("token", ["garbage", "01J00000000000000000000000.short", ""])
async def test_malformed_refresh_tokens(client: httpx.AsyncClient, token: str) -> None:
    r = await client.post("/v1/auth/refresh", json={"refresh_token": token})
    assert r.status_code in (401, 422)


async def test_logout_revokes_the_family(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    out = await client.post(
        "/v1/auth/logout", json={"refresh_token": rider["refresh"]}, headers=bearer(rider["access"])
    )
    assert out.status_code == 204
    r = await client.post("/v1/auth/refresh", json={"refresh_token": rider["refresh"]})
    assert r.status_code == 401


async def test_password_change_signs_out_other_sessions(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    other = await client.post("/v1/auth/login", json={"email": rider["email"], "password": rider["password"]})
    wrong = await client.post(
        "/v1/auth/password",
        headers=bearer(rider["access"]),
        json={"current_password": "khong-dung-1", "new_password": "mat-khau-moi-1"},
    )
    assert wrong.status_code == 401
    changed = await client.post(
        "/v1/auth/password",
        headers=bearer(rider["access"]),
        json={"current_password": rider["password"], "new_password": "mat-khau-moi-1"},
    )
    assert changed.status_code == 200
    stale = await client.post("/v1/auth/refresh", json={"refresh_token": other.json()["refresh_token"]})
    assert stale.status_code == 401
    fresh = await client.post("/v1/auth/refresh", json={"refresh_token": changed.json()["refresh_token"]})
    assert fresh.status_code == 200
    old_login = await client.post(
        "/v1/auth/login", json={"email": rider["email"], "password": rider["password"]}
    )
    assert old_login.status_code == 401
    new_login = await client.post(
        "/v1/auth/login", json={"email": rider["email"], "password": "mat-khau-moi-1"}
    )
    assert new_login.status_code == 200


async def test_expired_tampered_and_staff_tokens_are_refused(
    client: httpx.AsyncClient, clock: FixedClock, runtime: Runtime
) -> None:
    rider = await register(client)
    assert (await client.get("/v1/me", headers=bearer(rider["access"]))).status_code == 200
    header, _payload, signature = rider["access"].split(".")
    claims = jwt.decode(rider["access"], options={"verify_signature": False})
    claims["sub"] = "01J0000000000000000000000Z"
    forged_payload = jwt.utils.base64url_encode(jwt.api_jws.json.dumps(claims).encode()).decode()
    tampered = await client.get("/v1/me", headers=bearer(f"{header}.{forged_payload}.{signature}"))
    assert tampered.status_code == 401
    assert tampered.json()["code"] == "token_invalid"
    staff = await make_staff(runtime, "op-lan")
    as_staff = await client.get("/v1/me", headers=bearer(staff_token(runtime, staff)))
    assert as_staff.status_code == 401
    none = await client.get("/v1/me")
    assert none.status_code == 401
    clock.advance(timedelta(minutes=16))
    expired = await client.get("/v1/me", headers=bearer(rider["access"]))
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"
