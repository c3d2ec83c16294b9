"""Effective fare legs: consecutive legs joined by fare_leg_join_rules are matched as one leg."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ticketing.fares.feed import Feed
from ticketing.fares.journey import JourneyLeg
from ticketing.fares.model import JoinRule


@dataclass(frozen=True, slots=True)
class EffectiveLeg:
    indexes: tuple[int, ...]  # positions of the journey legs it is made of
    network_id: str | None
    from_stop_id: str
    to_stop_id: str
    departure: datetime
    arrival: datetime
    join_rules: tuple[JoinRule, ...] = ()
    # Distance-based fares (ticketing.fares.distance): None when no trip measures the leg.
    distance_units: float | None = None
    free_units: float = 0.0  # inside a free zone in force at departure
    free_zone_id: str | None = None

    @property
    def charged_units(self) -> float | None:
        """The distance the fare bands are matched against: outside free zones."""
        if self.distance_units is None:
            return None
        return max(0.0, round(self.distance_units - self.free_units, 3))

    @property
    def wholly_free(self) -> bool:
        """Every unit of the leg lies in a free zone in force."""
        return self.free_zone_id is not None and self.charged_units == 0

    @property
    def first(self) -> int:
        return self.indexes[0]


def _at(feed: Feed, stop_id: str, wanted: str) -> bool:
    return stop_id == wanted or feed.station_of(stop_id) == wanted


def _join_rule(feed: Feed, before: JourneyLeg, after: JourneyLeg) -> JoinRule | None:
    from_net, to_net = feed.network_of_route(before.route_id), feed.network_of_route(after.route_id)
    if from_net is None or to_net is None:
        return None
    for rule in feed.join_index.by_networks.get((from_net, to_net), ()):
        if rule.from_stop_id is not None and rule.to_stop_id is not None:
            if _at(feed, before.to_stop_id, rule.from_stop_id) and _at(
                feed, after.from_stop_id, rule.to_stop_id
            ):
                return rule
        elif feed.station_of(before.to_stop_id) == feed.station_of(after.from_stop_id):
            return rule
    return None


def effective_legs(feed: Feed, legs: Sequence[JourneyLeg]) -> list[EffectiveLeg]:
    groups: list[list[int]] = []
    rules: list[list[JoinRule]] = []
    for i, leg in enumerate(legs):
        rule = _join_rule(feed, legs[i - 1], leg) if i else None
        if rule is not None:
            groups[-1].append(i)
            rules[-1].append(rule)
        else:
            groups.append([i])
            rules.append([])
    result: list[EffectiveLeg] = []
    for members, used in zip(groups, rules, strict=True):
        first, last = legs[members[0]], legs[members[-1]]
        networks = {feed.network_of_route(legs[i].route_id) for i in members}
        result.append(
            EffectiveLeg(
                indexes=tuple(members),
                network_id=networks.pop() if len(networks) == 1 else None,
                from_stop_id=first.from_stop_id,
                to_stop_id=last.to_stop_id,
                departure=first.departure,
                arrival=last.arrival,
                join_rules=tuple(used),
            )
        )
    return result
