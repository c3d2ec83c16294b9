"""The rider app's session: the refresh token moves into an HttpOnly, SameSite=Strict cookie that
only /app/session receives; script only ever holds a short-lived access token."""

from __future__ import annotations

import httpx

from tests.api.rider.helpers import bearer, register

APP = {"X-Vexe-App": "1"}


def cookie_header(response: httpx.Response) -> str:
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    assert len(headers) == 1, headers
    return headers[0]


async def test_the_refresh_token_moves_into_an_httponly_cookie(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    started = await client.post("/app/session", json={"refresh_token": rider["refresh"]}, headers=APP)
    assert started.status_code == 200, started.text
    body = started.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "rider_id"}
    assert body["rider_id"] == rider["rider_id"]
    cookie = cookie_header(started).lower()
    for part in ("vexe_app_refresh=", "httponly", "samesite=strict", "path=/app/session"):
        assert part in cookie
    me = await client.get("/v1/me", headers=bearer(body["access_token"]))
    assert me.json()["rider_id"] == rider["rider_id"]
    # The token script saw is spent by that rotation: presenting it again revokes the family.
    reused = await client.post("/v1/auth/refresh", json={"refresh_token": rider["refresh"]})
    assert (reused.status_code, reused.json()["code"]) == (401, "refresh_token_reused")


async def test_refresh_rotates_the_cookie_and_a_replayed_cookie_is_refused(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    await client.post("/app/session", json={"refresh_token": rider["refresh"]}, headers=APP)
    first_cookie = client.cookies.get("vexe_app_refresh", path="/app/session")
    refreshed = await client.post("/app/session/refresh", headers=APP)
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["rider_id"] == rider["rider_id"]
    second_cookie = client.cookies.get("vexe_app_refresh", path="/app/session")
    assert first_cookie
    assert second_cookie not in (None, first_cookie)

    client.cookies.clear()
    replay = await client.post(
        "/app/session/refresh", headers={**APP, "Cookie": f"vexe_app_refresh={first_cookie}"}
    )
    assert (replay.status_code, replay.json()["code"]) == (401, "refresh_token_reused")


async def test_every_call_needs_the_app_header_and_a_cookie(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    forged = await client.post("/app/session", json={"refresh_token": rider["refresh"]})
    assert (forged.status_code, forged.json()["code"]) == (403, "app_header_required")
    none = await client.post("/app/session/refresh", headers=APP)
    assert (none.status_code, none.json()["code"]) == (401, "unauthenticated")
    bad = await client.post("/app/session", json={"refresh_token": "nope.nope"}, headers=APP)
    assert (bad.status_code, bad.json()["code"]) == (401, "refresh_token_invalid")


async def test_sign_out_revokes_the_family_and_clears_the_cookie(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    answer = await client.post("/app/session", json={"refresh_token": rider["refresh"]}, headers=APP)
    started = answer.json()
    cookie = client.cookies.get("vexe_app_refresh", path="/app/session")
    ended = await client.delete("/app/session", headers={**APP, **bearer(started["access_token"])})
    assert ended.status_code == 204
    assert "max-age=0" in cookie_header(ended).lower()
    client.cookies.clear()
    after = await client.post("/app/session/refresh", headers={**APP, "Cookie": f"vexe_app_refresh={cookie}"})
    assert after.status_code == 401
