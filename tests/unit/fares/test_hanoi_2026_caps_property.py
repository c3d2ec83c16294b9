"""Invariant of the 2026 Hanoi caps: pay-as-you-go in one day never costs more than the day pass
(bus legs ≤ 30.000 ₫, bus + metro ≤ 50.000 ₫), whatever the rides."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.fares.kit import at
from ticketing.fares.journey import Journey, JourneyLeg
from ticketing.fares.loader import load_feed
from ticketing.fares.quote import quote_journey

FEED = load_feed(Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi")
TZ = "Asia/Ho_Chi_Minh"
TRIPS = sorted(FEED.trips.values(), key=lambda t: t.trip_id)


@st.composite
def rides(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    out = []
    for _ in range(draw(st.integers(1, 8))):
        trip = draw(st.sampled_from(TRIPS))
        i = draw(st.integers(0, len(trip.stop_ids) - 2))
        j = draw(st.integers(i + 1, len(trip.stop_ids) - 1))
        out.append((trip.route_id, trip.stop_ids[i], trip.stop_ids[j]))
    return out


@settings(max_examples=60, deadline=None)
@given(rides(), st.sampled_from(["2026-06-26", "2026-07-01"]))
def test_a_day_of_pay_as_you_go_never_costs_more_than_the_day_pass(
    legs: list[tuple[str, str, str]], day: str
) -> None:
    start = at(f"{day} 05:00", TZ)
    journey = tuple(
        JourneyLeg(route, a, b, start + timedelta(hours=2 * k), start + timedelta(hours=2 * k, minutes=50))
        for k, (route, a, b) in enumerate(legs)
    )
    quote = quote_journey(FEED, Journey(legs=journey))
    assert quote.complete
    assert quote.total_minor is not None
    assert quote.total_minor <= 50000
    assert quote.total_minor <= (quote.uncapped_total_minor or 0)
    bus = sum(leg.amount_minor or 0 for leg in quote.legs if leg.leg_group_id == "lg_bus_km")
    assert bus <= 30000
