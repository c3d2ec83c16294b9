"""Loading trips.txt and stop_times.txt for distance-based fares.

Only what pricing needs is read: each trip's route, its stops in ``stop_sequence`` order and the
cumulative ``stop_times.fare_distance_units_traveled`` (GTFS distance-based fares proposal). Times
are not read. A trip's distances must never decrease along the trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ticketing.fares.fields import Fields, check_unique, require_columns
from ticketing.fares.model import Route, ServiceCalendar, Stop, TripPattern
from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import FeedFiles, parse_table

_EMPTY_ZONES: Mapping[str, tuple[float, ...]] = MappingProxyType({})


@dataclass(slots=True)
class _TripRows:
    route_id: str
    line: int
    stops: list[tuple[int, str, float | None, int]] = field(default_factory=list)  # seq, stop, dist, line


def _load_trip_table(
    files: FeedFiles,
    sink: ProblemSink,
    routes: Mapping[str, Route],
    services: Mapping[str, ServiceCalendar],
) -> dict[str, _TripRows]:
    table = parse_table(files, "trips.txt", sink)
    trips: dict[str, _TripRows] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "route_id", "service_id", "trip_id")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        trip_id = f.req("trip_id")
        route_id = f.ref("route_id", routes, "route", required=True)
        f.ref("service_id", services, "service (calendar.txt or calendar_dates.txt)", required=True)
        if len(sink.errors) > errors_before or trip_id is None or route_id is None:
            continue
        if check_unique(seen, trip_id, f, "trip_id"):
            trips[trip_id] = _TripRows(route_id, f.line)
    return trips


def load_trips(
    files: FeedFiles,
    sink: ProblemSink,
    *,
    routes: Mapping[str, Route],
    stops: Mapping[str, Stop],
    services: Mapping[str, ServiceCalendar],
) -> dict[str, TripPattern]:
    """Trips with their ordered stops and fare distances (zone distances are added later)."""
    trips = _load_trip_table(files, sink, routes, services)
    table = parse_table(files, "stop_times.txt", sink)
    if table.present:
        require_columns(sink, table, "trip_id", "stop_id", "stop_sequence")
    elif trips:
        sink.error("stop_times.txt", 0, "*", "trips.txt needs stop_times.txt")
    seen: dict[object, int] = {}
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        trip_id = f.ref("trip_id", trips, "trip", required=True)
        stop_id = f.ref("stop_id", stops, "stop", required=True)
        sequence = f.integer("stop_sequence", required=True, minimum=0)
        distance = f.number("fare_distance_units_traveled", minimum=0)
        if len(sink.errors) > errors_before or trip_id is None or stop_id is None or sequence is None:
            continue
        if check_unique(seen, (trip_id, sequence), f, "stop_sequence"):
            trips[trip_id].stops.append((sequence, stop_id, distance, f.line))
    patterns: dict[str, TripPattern] = {}
    for trip_id, rows in trips.items():
        ordered = sorted(rows.stops)
        if len(ordered) < 2:
            sink.warn("trips.txt", rows.line, "trip_id", f"trip {trip_id!r} has fewer than two stop times")
            continue
        if not _distances_increase(sink, ordered):
            continue
        patterns[trip_id] = TripPattern(
            trip_id=trip_id,
            route_id=rows.route_id,
            stop_ids=tuple(stop for _, stop, _, _ in ordered),
            distance_units=tuple(dist for _, _, dist, _ in ordered),
            zone_units=_EMPTY_ZONES,
            line=rows.line,
        )
    return patterns


def _distances_increase(sink: ProblemSink, ordered: list[tuple[int, str, float | None, int]]) -> bool:
    last: float | None = None
    ok = True
    for _, _, dist, line in ordered:
        if dist is None:
            continue
        if last is not None and dist < last:
            sink.error(
                "stop_times.txt",
                line,
                "fare_distance_units_traveled",
                f"decreases along the trip ({dist:g} after {last:g})",
            )
            ok = False
        last = dist
    return ok
