"""Cash counter sales reach the books (issue 10, finding 3): the sale is booked to the till at
issue, once per ticket id, priced at the cash medium; its ride is recognised for the operator,
the day's statement and reconciliation include it, and the trial balance stays balanced."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from gateway.sandbox import SandboxProvider
from tests.factories import bearer, make_staff, staff_token
from tests.integration.test_tickets_fixtures import encrypted_ring, hanoi_in_force
from ticketing.core.clock import HANOI_TZ, FixedClock
from ticketing.runtime import Runtime
from ticketing.service.devices.adapters import ServiceTapEffects
from ticketing.tickets import new_ticket_id

COUNTER = "ga-cat-linh-1"


@pytest.fixture
async def staff(runtime: Runtime) -> dict[str, dict[str, str]]:
    runtime.issuer_keys = encrypted_ring(auto_create=True)
    async with runtime.unit_of_work() as uow:
        await hanoi_in_force(uow.session, runtime.clock)  # type: ignore[arg-type]
    admin = await make_staff(runtime, "quan-tri", role="admin")
    metro = await make_staff(runtime, "ga-metro", role="operator", operator_id="HANOI_METRO")
    return {"admin": bearer(staff_token(runtime, admin)), "metro": bearer(staff_token(runtime, metro))}


METRO_SINGLE = {"fare_product_id": "m2a_single_h02", "rider_category_id": "pho_thong"}


async def trial(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    tb = await client.get("/v1/ops/ledger/trial-balance", headers=headers)
    assert tb.status_code == 200, tb.text
    body: dict[str, Any] = tb.json()
    assert body["debits_minor"] == body["credits_minor"]
    return {a["account"]: a["balance_minor"] for a in body["accounts"]}


async def test_cash_sale_is_booked_once_and_its_ride_is_settled(
    client: httpx.AsyncClient,
    runtime: Runtime,
    clock: FixedClock,
    staff: dict[str, dict[str, str]],
) -> None:
    ticket_id = new_ticket_id()
    sale = METRO_SINGLE | {"ticket_id": ticket_id, "counter_id": COUNTER}
    sold = await client.post("/v1/ops/tickets", json=sale, headers=staff["metro"])
    assert sold.status_code == 201, sold.text
    # No medium named: the cash price (10.000 ₫), not the cheaper app price.
    assert (sold.json()["amount_minor"], sold.json()["fare_media_id"]) == (10000, "cash_metro")
    again = await client.post("/v1/ops/tickets", json=sale, headers=staff["metro"])
    assert again.status_code == 201

    books = await trial(client, staff["admin"])
    assert books[f"assets:cash:{COUNTER}"] == 10000
    assert books["liabilities:unearned_fares"] == 10000

    # The reader's tap reaches the books through the same effects the tap worker uses.
    ride_at = clock.now() + timedelta(minutes=5)
    async with runtime.unit_of_work() as uow:
        await ServiceTapEffects().record_ride(
            uow.session,
            clock,
            ride_id="tap-cash-1",
            ticket_id=ticket_id,
            kind="single",
            operator_id="HANOI_METRO",
            at=ride_at,
        )
    books = await trial(client, staff["admin"])
    assert books["liabilities:operator:HANOI_METRO"] == 10000
    assert books["liabilities:unearned_fares"] == 0

    service_day = clock.now().astimezone(HANOI_TZ).date()
    clock.advance(timedelta(days=1))
    books_admin = bearer(staff_token(runtime, await make_staff(runtime, "so-sach", role="admin")))
    settled = await client.post(
        "/v1/ops/settlements",
        json={"service_date": service_day.isoformat(), "operator_id": "HANOI_METRO"},
        headers=books_admin,
    )
    assert settled.status_code == 200, settled.text
    statement = settled.json()["items"][0]["document"]
    assert [line["ticket_id"] for line in statement["lines"]] == [ticket_id]
    assert statement["gross_minor"] == 10000

    runtime.payments = runtime.payments or SandboxProvider(clock)
    recon = await client.get(
        f"/v1/ops/reconciliation?service_date={service_day.isoformat()}", headers=books_admin
    )
    assert recon.status_code == 200, recon.text
    cash = {c["counter"]: c for c in recon.json()["cash"]}
    assert (cash[COUNTER]["sales"], cash[COUNTER]["sales_minor"]) == (1, 10000)
    assert recon.json()["tickets"][0]["ok"] is True
    await trial(client, books_admin)


async def test_seller_is_the_till_when_no_counter_is_named(
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
) -> None:
    sold = await client.post("/v1/ops/tickets", json=METRO_SINGLE, headers=staff["metro"])
    assert sold.status_code == 201, sold.text
    books = await trial(client, staff["admin"])
    assert books["assets:cash:staff_ga-metro"] == 10000


@pytest.mark.parametrize("media", ["hanoi_metro_app"])
async def test_a_named_medium_is_still_honoured(
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    media: str,
) -> None:
    sold = await client.post(
        "/v1/ops/tickets", json=METRO_SINGLE | {"fare_media_id": media}, headers=staff["metro"]
    )
    assert sold.status_code == 201, sold.text
    assert sold.json()["fare_media_id"] == media
    assert sold.json()["amount_minor"] < 10000
