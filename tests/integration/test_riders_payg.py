"""Pay-as-you-go: journeys priced on the server with a daily cap, paid from the wallet."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.rider.helpers import capped_hanoi_feed
from ticketing.core.clock import HANOI_TZ, FixedClock
from ticketing.core.errors import Rejected
from ticketing.fares.feed import Feed
from ticketing.fares.journey import JourneyLeg
from ticketing.fares.loader import load_feed
from ticketing.service.ledger.postings import record_wallet_topup, wallet_balance
from ticketing.service.riders.accounts import register_rider
from ticketing.service.riders.payg import charge_journey, list_charges


@pytest.fixture(scope="module")
def capped_feed(tmp_path_factory: pytest.TempPathFactory) -> Feed:
    """The Hanoi feed plus a 20.000 ₫ daily cap on bus route 18 (test data, not Hanoi policy)."""
    return load_feed(capped_hanoi_feed(tmp_path_factory.mktemp("feed")))


def bus_leg(hour: int) -> JourneyLeg:
    start = datetime(2025, 10, 14, hour, 0, tzinfo=HANOI_TZ)
    return JourneyLeg("BUS_18", "B_DH_KTQD", "B_LONG_BIEN", start, start + timedelta(minutes=30))


async def test_daily_cap_limits_what_the_wallet_pays(
    session: AsyncSession, clock: FixedClock, capped_feed: Feed
) -> None:
    rider = await register_rider(session, clock, email="payg@example.vn", phone=None, password="mat-khau-1")
    await record_wallet_topup(
        session,
        clock,
        topup_id="t1",
        provider="sandbox",
        rider_id=rider.rider_id,
        amount_minor=50000,
        currency="VND",
    )
    charged = []
    for n, hour in enumerate((7, 9, 12, 17)):
        view = await charge_journey(
            session, clock, capped_feed, rider_id=rider.rider_id, journey_ref=f"j{n}", legs=[bus_leg(hour)]
        )
        charged.append(view.charged_minor)
        assert view.explanation_en
        assert view.explanation_vi
    assert charged == [8000, 8000, 4000, 0]
    assert await wallet_balance(session, rider_id=rider.rider_id, currency="VND") == 30000
    again = await charge_journey(
        session, clock, capped_feed, rider_id=rider.rider_id, journey_ref="j0", legs=[bus_leg(7)]
    )
    assert again.charged_minor == 8000
    assert await wallet_balance(session, rider_id=rider.rider_id, currency="VND") == 30000
    listed = await list_charges(session, rider.rider_id)
    assert [c.charged_minor for c in listed] == [0, 4000, 8000, 8000]
    assert listed[1].cap_ids == ("bus18_day",)


async def test_wallet_never_goes_negative(
    session: AsyncSession, clock: FixedClock, capped_feed: Feed
) -> None:
    rider = await register_rider(session, clock, email="poor@example.vn", phone=None, password="mat-khau-1")
    with pytest.raises(Rejected) as caught:
        await charge_journey(
            session, clock, capped_feed, rider_id=rider.rider_id, journey_ref="poor-1", legs=[bus_leg(8)]
        )
    assert caught.value.code == "insufficient_funds"
