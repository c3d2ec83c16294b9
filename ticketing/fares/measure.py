"""Distances of a journey's legs, and the route end for legs without a tap-off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ticketing.fares.distance import LegDistance, leg_distance
from ticketing.fares.feed import Feed
from ticketing.fares.join import EffectiveLeg
from ticketing.fares.journey import JourneyLeg

# Stable reasons for an unknown leg fare (with those of ticketing.fares.legprice).
UNKNOWN_TRIP = "unknown_trip"
ROUTE_END_UNKNOWN = "route_end_unknown"


@dataclass(frozen=True, slots=True)
class MeasuredLegs:
    legs: tuple[JourneyLeg, ...]  # a leg without tap-off gets the route end as to_stop_id
    distances: tuple[LegDistance | None, ...]
    reasons: dict[int, str]  # journey leg index -> why it cannot be priced


def measure_legs(feed: Feed, legs: Sequence[JourneyLeg]) -> MeasuredLegs:
    out: list[JourneyLeg] = []
    distances: list[LegDistance | None] = []
    reasons: dict[int, str] = {}
    for i, leg in enumerate(legs):
        if leg.trip_id is not None and (
            leg.trip_id not in feed.trips or feed.trips[leg.trip_id].route_id != leg.route_id
        ):
            reasons[i] = UNKNOWN_TRIP
            out.append(leg)
            distances.append(None)
            continue
        if leg.from_stop_id not in feed.stops or (leg.tapped_off and leg.to_stop_id not in feed.stops):
            out.append(leg)
            distances.append(None)
            continue
        found = leg_distance(
            feed,
            leg.route_id,
            leg.from_stop_id,
            leg.to_stop_id if leg.tapped_off else None,
            leg.departure,
            leg.trip_id,
        )
        if not leg.tapped_off:
            if found is None:
                reasons[i] = ROUTE_END_UNKNOWN
            else:
                leg = replace(leg, to_stop_id=found.to_stop_id)
        out.append(leg)
        distances.append(found)
    return MeasuredLegs(tuple(out), tuple(distances), reasons)


def with_distance(eff: EffectiveLeg, distances: Sequence[LegDistance | None]) -> EffectiveLeg:
    """The effective leg with the sum of its legs' distances (unknown if one is unknown)."""
    parts = [distances[i] for i in eff.indexes]
    if any(p is None for p in parts):
        return eff
    known = [p for p in parts if p is not None]
    zone = next((p.free_zone_id for p in known if p.free_zone_id is not None), None)
    return replace(
        eff,
        distance_units=round(sum(p.distance_units for p in known), 3),
        free_units=round(sum(p.free_units for p in known), 3),
        free_zone_id=zone,
    )
