"""Staff authorisation: admin, operator scoped to its agency, auditor read-only (require_staff)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI

from tests.factories import bearer, make_staff, staff_token
from ticketing.core.clock import FixedClock
from ticketing.http.deps import StaffPrincipal, require_staff
from ticketing.runtime import Runtime
from ticketing.service.staff import StaffIdentity

scoped = APIRouter(prefix="/_scope")
Reader = Annotated[StaffPrincipal, Depends(require_staff())]
Writer = Annotated[StaffPrincipal, Depends(require_staff("admin", "operator", write=True))]
Admin = Annotated[StaffPrincipal, Depends(require_staff("admin"))]


@scoped.get("/agencies/{operator_id}/report")
async def agency_report(operator_id: str, staff: Reader) -> dict[str, Any]:
    staff.ensure_scope(operator_id)
    return {"operator_id": operator_id, "role": staff.role}


@scoped.get("/report")
async def report(staff: Reader, operator: str | None = None) -> dict[str, Any]:
    return {"filter": staff.visible_operator(operator)}


@scoped.post("/agencies/{operator_id}/revocations")
async def revoke(operator_id: str, staff: Writer) -> dict[str, Any]:
    staff.ensure_scope(operator_id)
    return {"revoked_by": staff.username}


@scoped.post("/settings")
async def change_settings(staff: Admin) -> dict[str, Any]:
    return {"changed_by": staff.username}


@pytest.fixture
def scoped_app(app: FastAPI) -> FastAPI:
    app.include_router(scoped)
    return app


@pytest.fixture
async def sclient(scoped_app: FastAPI) -> Any:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=scoped_app), base_url="http://t") as c:
        yield c


@pytest.fixture
def tokens(runtime: Runtime) -> dict[str, str]:
    # The check reads the signed token only; accounts need no rows (and no argon2 hashing) here.
    admin = StaffIdentity("01ADMIN", "quan-tri", "admin", None)
    bus = StaffIdentity("01BUS", "xe-buyt", "operator", "HN_BUS")
    metro = StaffIdentity("01METRO", "metro", "operator", "HANOI_METRO")
    auditor = StaffIdentity("01AUDIT", "kiem-toan", "auditor", None)
    return {name: staff_token(runtime, who) for name, who in
            {"admin": admin, "bus": bus, "metro": metro, "auditor": auditor}.items()}


async def test_admin_sees_and_changes_everything(sclient: httpx.AsyncClient, tokens: dict[str, str]) -> None:
    h = bearer(tokens["admin"])
    for agency in ("HN_BUS", "HANOI_METRO"):
        assert (await sclient.get(f"/_scope/agencies/{agency}/report", headers=h)).status_code == 200
        assert (await sclient.post(f"/_scope/agencies/{agency}/revocations", headers=h)).status_code == 200
    assert (await sclient.get("/_scope/report", headers=h)).json() == {"filter": None}
    assert (await sclient.get("/_scope/report?operator=HN_BUS", headers=h)).json() == {"filter": "HN_BUS"}
    assert (await sclient.post("/_scope/settings", headers=h)).json() == {"changed_by": "quan-tri"}


async def test_operator_is_confined_to_its_agency(sclient: httpx.AsyncClient, tokens: dict[str, str]) -> None:
    h = bearer(tokens["bus"])
    own = await sclient.get("/_scope/agencies/HN_BUS/report", headers=h)
    assert own.json() == {"operator_id": "HN_BUS", "role": "operator"}
    assert (await sclient.post("/_scope/agencies/HN_BUS/revocations", headers=h)).status_code == 200
    for response in (
        await sclient.get("/_scope/agencies/HANOI_METRO/report", headers=h),
        await sclient.post("/_scope/agencies/HANOI_METRO/revocations", headers=h),
        await sclient.get("/_scope/report?operator=HANOI_METRO", headers=h),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "operator_scope"
        assert response.json()["title"] == "Ngoài phạm vi đơn vị vận hành của bạn"
    # With no filter asked for, the filter is forced to its own agency.
    assert (await sclient.get("/_scope/report", headers=h)).json() == {"filter": "HN_BUS"}
    assert (await sclient.get("/_scope/report?operator=HN_BUS", headers=h)).json() == {"filter": "HN_BUS"}
    other = await sclient.get("/_scope/agencies/HN_BUS/report", headers=bearer(tokens["metro"]))
    assert other.status_code == 403
    admin_only = await sclient.post("/_scope/settings", headers=h)
    assert admin_only.status_code == 403
    assert admin_only.json()["code"] == "role_forbidden"


async def test_auditor_reads_everything_and_writes_nothing(
    sclient: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    h = bearer(tokens["auditor"])
    for agency in ("HN_BUS", "HANOI_METRO"):
        assert (await sclient.get(f"/_scope/agencies/{agency}/report", headers=h)).status_code == 200
    assert (await sclient.get("/_scope/report", headers=h)).json() == {"filter": None}
    for response in (
        await sclient.post("/_scope/agencies/HN_BUS/revocations", headers=h),
        await sclient.post("/_scope/settings", headers=h),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "role_forbidden"


async def test_no_or_bad_credentials_are_401(
    sclient: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, tokens: dict[str, str]
) -> None:
    missing = await sclient.get("/_scope/report")
    assert missing.status_code == 401
    assert missing.json()["code"] == "unauthenticated"
    assert missing.headers["www-authenticate"] == "Bearer"
    basic = await sclient.get("/_scope/report", headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
    assert basic.status_code == 401
    rider = runtime.access_tokens.issue("01RIDER", "rider")
    assert (await sclient.get("/_scope/report", headers=bearer(rider))).json()["code"] == "token_invalid"
    tampered = tokens["admin"][:-4] + ("AAAA" if not tokens["admin"].endswith("AAAA") else "BBBB")
    assert (await sclient.get("/_scope/report", headers=bearer(tampered))).json()["code"] == "token_invalid"
    garbage = await sclient.get("/_scope/report", headers=bearer("not.a.jwt"))
    assert garbage.json()["code"] == "token_invalid"
    clock.advance(timedelta(seconds=runtime.access_tokens.ttl_s + 10))
    expired = await sclient.get("/_scope/report", headers=bearer(tokens["admin"]))
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"


async def test_tokens_without_a_usable_role_are_refused(sclient: httpx.AsyncClient, runtime: Runtime) -> None:
    for claims in ({"role": "superuser"}, {}, {"role": "operator"}, {"role": "operator", "op": ""}):
        token = runtime.access_tokens.issue("01STAFF", "staff", usr="x", **claims)
        response = await sclient.get("/_scope/report", headers=bearer(token))
        assert response.status_code == 403, claims
        assert response.json()["code"] == "role_forbidden"


def test_principal_scope_rules() -> None:
    bus = StaffPrincipal("1", "xe-buyt", "operator", "HN_BUS")
    assert bus.can_see("HN_BUS")
    assert not bus.can_see("HANOI_METRO")
    assert not bus.can_see(None)  # data of no operator is not an operator's
    assert StaffPrincipal("2", "a", "auditor", None).can_see("HN_BUS")
    assert StaffPrincipal("3", "b", "admin", None).is_admin
    assert not StaffPrincipal("4", "c", "operator", None).can_see(None)


def test_a_misspelt_role_fails_at_definition_time() -> None:
    with pytest.raises(ValueError, match="admn"):
        require_staff("admn")


async def test_a_real_operator_login_is_scoped(sclient: httpx.AsyncClient, runtime: Runtime) -> None:
    """End to end once: account row -> login -> token -> scope check."""
    await make_staff(runtime, "lan", role="operator", operator_id="HN_BUS", password="mat-khau-123")
    login = await sclient.post("/v1/ops/auth/login", json={"username": "lan", "password": "mat-khau-123"})
    h = bearer(login.json()["access_token"])
    assert (await sclient.get("/_scope/agencies/HN_BUS/report", headers=h)).status_code == 200
    assert (await sclient.get("/_scope/agencies/HANOI_METRO/report", headers=h)).status_code == 403


def test_extra_claims_cannot_override_registered_ones(runtime: Runtime) -> None:
    for reserved in ("exp", "aud", "sub", "iss", "iat", "jti"):
        with pytest.raises(ValueError, match=reserved):
            runtime.access_tokens.issue("01STAFF", "staff", role="admin", **{reserved: "x"})
