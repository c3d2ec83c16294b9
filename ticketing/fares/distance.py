"""Distance of a leg on its trip (GTFS distance-based fares) and the part of it in free zones.

A leg's distance is ``fare_distance_units_traveled`` at the alighting stop minus that at the
boarding stop, on the leg's ``trip_id`` or else on the route's representative trip: the first trip
(by trip_id) that visits the boarding stop and later the alighting stop. Stops match by stop or by
parent station. A leg with no tap-off is charged to the route end (the cash rule): of the trips
that visit the boarding stop before their end, the one with the longest remaining distance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ticketing.fares.feed import Feed
from ticketing.fares.model import TripPattern

_ROUND = 3  # metres when the units are km


@dataclass(frozen=True, slots=True)
class LegDistance:
    trip_id: str
    to_stop_id: str  # the alighting stop (the route end when there was no tap-off)
    distance_units: float
    free_units: float  # inside free zones in force on the day of departure
    free_zone_id: str | None

    @property
    def charged_units(self) -> float:
        return max(0.0, round(self.distance_units - self.free_units, _ROUND))


def _positions(feed: Feed, trip: TripPattern, stop_id: str) -> list[int]:
    station = feed.station_of(stop_id)
    return [k for k, s in enumerate(trip.stop_ids) if s == stop_id or feed.station_of(s) == station]


def _measure(
    feed: Feed, trip: TripPattern, i: int, j: int, departure: datetime, from_stop_id: str
) -> LegDistance | None:
    start, end = trip.distance_units[i], trip.distance_units[j]
    if start is None or end is None:
        return None
    day = departure.astimezone(feed.zone_of_stop(from_stop_id)).date()
    free = 0.0
    zone_id: str | None = None
    for zone in feed.free_zones:
        units = trip.zone_units.get(zone.free_zone_id)
        if units is None or not zone.active_on(day):
            continue
        inside = units[j] - units[i]
        if inside > 0:
            free += inside
            zone_id = zone_id or zone.free_zone_id
    distance = round(end - start, _ROUND)
    return LegDistance(trip.trip_id, trip.stop_ids[j], distance, round(min(free, distance), _ROUND), zone_id)


def _candidates(feed: Feed, route_id: str, trip_id: str | None) -> tuple[TripPattern, ...]:
    if trip_id is not None:
        trip = feed.trips.get(trip_id)
        return (trip,) if trip is not None and trip.route_id == route_id else ()
    return feed.trips_of_route(route_id)


def leg_distance(
    feed: Feed,
    route_id: str,
    from_stop_id: str,
    to_stop_id: str | None,
    departure: datetime,
    trip_id: str | None = None,
) -> LegDistance | None:
    """The leg's distance, or None when no trip of the route measures it.

    ``to_stop_id`` None means no tap-off: the leg runs to the end of the route.
    """
    best: LegDistance | None = None
    for trip in _candidates(feed, route_id, trip_id):
        starts = _positions(feed, trip, from_stop_id)
        if not starts:
            continue
        i = starts[0]
        if to_stop_id is None:
            if i == len(trip.stop_ids) - 1:
                continue
            found = _measure(feed, trip, i, len(trip.stop_ids) - 1, departure, from_stop_id)
            if found is not None and (best is None or found.distance_units > best.distance_units):
                best = found
            continue
        ends = [j for j in _positions(feed, trip, to_stop_id) if j > i]
        if ends:
            found = _measure(feed, trip, i, ends[0], departure, from_stop_id)
            if found is not None:
                return found
    return best
