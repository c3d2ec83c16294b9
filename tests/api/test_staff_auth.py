from __future__ import annotations

import httpx

from tests.factories import bearer, make_staff, staff_token
from ticketing.runtime import Runtime


async def test_staff_login_issues_a_token_that_opens_me(client: httpx.AsyncClient, runtime: Runtime) -> None:
    await make_staff(runtime, "lan", role="operator", operator_id="HN_BUS", password="mat-khau-123")
    response = await client.post("/v1/ops/auth/login", json={"username": "lan", "password": "mat-khau-123"})
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = await client.get("/v1/ops/me", headers=bearer(token))
    assert me.json() == {"staff_id": me.json()["staff_id"], "username": "lan", "role": "operator",
                         "operator_id": "HN_BUS"}


async def test_wrong_password_is_a_problem_in_vietnamese_by_default(client: httpx.AsyncClient,
                                                                    runtime: Runtime) -> None:
    await make_staff(runtime, "minh", password="dung-mat-khau")
    response = await client.post("/v1/ops/auth/login", json={"username": "minh", "password": "sai"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "bad_credentials"
    assert body["title"] == "Sai tên đăng nhập hoặc mật khẩu"


async def test_only_admins_create_staff(client: httpx.AsyncClient, runtime: Runtime) -> None:
    auditor = await make_staff(runtime, "kiem-toan", role="auditor")
    admin = await make_staff(runtime, "quan-tri", role="admin")
    body = {"username": "new", "password": "long-enough-1", "role": "auditor"}
    denied = await client.post("/v1/ops/staff", json=body, headers=bearer(staff_token(runtime, auditor)))
    assert denied.status_code == 403
    assert denied.json()["code"] == "role_forbidden"
    created = await client.post("/v1/ops/staff", json=body, headers=bearer(staff_token(runtime, admin)))
    assert created.status_code == 201
    again = await client.post("/v1/ops/staff", json=body, headers=bearer(staff_token(runtime, admin)))
    assert again.status_code == 409
