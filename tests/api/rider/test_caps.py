"""GET /v1/caps: progress towards each fare cap from the rider's pay-as-you-go charges."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.api.rider.helpers import BUS18_DAY_CAP, bearer, capped_hanoi_feed, publish_hanoi_feed, register
from ticketing.core.clock import HANOI_TZ
from ticketing.fares.journey import JourneyLeg
from ticketing.runtime import Runtime
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.ledger.postings import record_wallet_topup
from ticketing.service.riders.payg import charge_journey

CAPS = (
    BUS18_DAY_CAP
    + "all_week,Weekly cap,,week_rolling,100000,VND,\n"
    + "all_month,Monthly cap,,month_calendar,300000,VND,\n"
    + "uu_tien_day,Concession day cap,,day,10000,VND,uu_tien\n"
)


@pytest.fixture
async def capped(runtime: Runtime, tmp_path: Path) -> Runtime:
    await publish_hanoi_feed(runtime, capped_hanoi_feed(tmp_path, CAPS))
    return runtime


def bus_leg(day: int, hour: int) -> JourneyLeg:
    start = datetime(2025, 10, day, hour, 0, tzinfo=HANOI_TZ)
    return JourneyLeg("BUS_18", "B_DH_KTQD", "B_LONG_BIEN", start, start + timedelta(minutes=30))


async def ride(runtime: Runtime, rider_id: str, legs: list[tuple[int, int]]) -> list[int]:
    async with runtime.unit_of_work() as uow:
        feed = await feed_in_force(uow.session, runtime.clock.now())
        await record_wallet_topup(
            uow.session, runtime.clock, topup_id=f"t-{rider_id}", provider="sandbox",
            rider_id=rider_id, amount_minor=200000, currency="VND",
        )  # fmt: skip
        charged = []
        for day, hour in legs:
            view = await charge_journey(
                uow.session, runtime.clock, feed, rider_id=rider_id,
                journey_ref=f"{rider_id}-{day}-{hour}", legs=[bus_leg(day, hour)],
            )  # fmt: skip
            charged.append(view.charged_minor)
    return charged


def by_id(body: dict[str, list[dict[str, object]]]) -> dict[object, dict[str, object]]:
    return {item["cap_id"]: item for item in body["items"]}


async def test_caps_progress_counts_the_riders_charges_per_period(
    client: httpx.AsyncClient, capped: Runtime
) -> None:
    rider, other = await register(client), await register(client)
    charged = await ride(capped, rider["rider_id"], [(7, 9), (13, 7), (14, 7), (14, 9), (14, 12), (14, 17)])
    assert charged == [8000, 8000, 8000, 8000, 4000, 0]
    auth = {**bearer(rider["access"]), "Accept-Language": "en"}

    evening = await client.get("/v1/caps", params={"at": "2025-10-14T18:00:00+07:00"}, headers=auth)
    assert evening.status_code == 200, evening.text
    caps = by_id(evening.json())
    assert set(caps) == {"all_month", "all_week", "bus18_day"}  # uu_tien is not this rider's
    day = caps["bus18_day"]
    assert (day["charged_minor"], day["remaining_minor"], day["amount_minor"]) == (20000, 0, 20000)
    assert day["period_start"] == "2025-10-14T00:00:00+07:00"
    assert day["period_end"] == "2025-10-15T00:00:00+07:00"
    assert "cap reached" in str(day["message"])
    week = caps["all_week"]
    assert (week["charged_minor"], week["remaining_minor"]) == (28000, 72000)  # 7 Oct 09:00 is outside
    assert week["period_start"] == "2025-10-07T18:00:00+07:00"
    assert week["period_end"] == "2025-10-14T18:00:00+07:00"
    month = caps["all_month"]
    assert month["charged_minor"] == 36000
    assert (month["period_start"], month["period_end"]) == (
        "2025-10-01T00:00:00+07:00",
        "2025-11-01T00:00:00+07:00",
    )
    assert (
        week["message"]
        == "Weekly cap: 28.000 ₫ of 100.000 ₫ charged in the last 7 days; 72.000 ₫ left before the cap."
    )

    now = by_id((await client.get("/v1/caps", headers={**auth, "Accept-Language": "vi"})).json())
    assert now["bus18_day"]["charged_minor"] == 8000  # only the 07:00 ride is before 08:00 now
    assert (
        now["bus18_day"]["message"]
        == "Bus 18 day cap: đã trả 8.000 ₫ / 20.000 ₫ hôm nay; còn 12.000 ₫ là đạt mức trần."
    )

    first = await client.get("/v1/caps", params={"limit": 2}, headers=auth)
    rest = await client.get("/v1/caps", params={"limit": 2, "cursor": first.json()["next"]}, headers=auth)
    assert [i["cap_id"] for i in first.json()["items"] + rest.json()["items"]] == [
        "all_month",
        "all_week",
        "bus18_day",
    ]
    assert rest.json()["next"] is None

    untouched = by_id((await client.get("/v1/caps", headers=bearer(other["access"]))).json())
    assert {c["charged_minor"] for c in untouched.values()} == {0}
    naive = await client.get("/v1/caps", params={"at": "2025-10-14T18:00:00"}, headers=auth)
    assert naive.status_code == 422
    assert naive.json()["code"] == "at_invalid"
    assert (await client.get("/v1/caps")).status_code == 401


async def test_hanoi_feed_lists_its_2026_caps_untouched(client: httpx.AsyncClient, runtime: Runtime) -> None:
    # The Hanoi feed caps pay-as-you-go at the price of the 2026 day and week passes.
    await publish_hanoi_feed(runtime)
    rider = await register(client)
    body = (await client.get("/v1/caps", headers=bearer(rider["access"]))).json()
    assert sorted(i["cap_id"] for i in body["items"]) == [
        "cap_bus_day",
        "cap_bus_metro_day",
        "cap_bus_metro_week",
        "cap_bus_week",
    ]
    assert {i["charged_minor"] for i in body["items"]} == {0}
    assert body["next"] is None
