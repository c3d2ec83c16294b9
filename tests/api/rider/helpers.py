"""Plain helpers for rider API tests."""

from __future__ import annotations

import secrets

import httpx


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register(
    client: httpx.AsyncClient, email: str | None = None, password: str = "mat-khau-an-toan"
) -> dict[str, str]:
    email = email or f"r{secrets.token_hex(4)}@example.vn"
    response = await client.post("/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return {
        "access": body["access_token"],
        "refresh": body["refresh_token"],
        "rider_id": body["rider"]["rider_id"],
        "email": email,
        "password": password,
    }  # type: ignore[index]
