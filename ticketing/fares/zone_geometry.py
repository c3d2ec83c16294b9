"""Distance travelled inside each free zone, per trip and stop, computed with shapely.

The route geometry is the chain of stop-to-stop straight segments (stop coordinates, else those of
the parent station). For each segment the share of its length inside the polygon is applied to the
segment's fare distance (``fare_distance_units_traveled`` difference), so the zone distance is in
the same units as the fare distance. Coordinates are projected to a local plane (longitude scaled
by the cosine of the zone's mean latitude), which is exact enough at city scale for a share.

Server only: shapely is a server dependency; readers never import this module (import-linter).
The loader imports it only when the feed has free zones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from shapely.geometry import LineString, Point, Polygon
from shapely.prepared import prep

from ticketing.fares.model import FreeZone, Stop, TripPattern
from ticketing.fares.problems import ProblemSink


def _coordinates(stops: Mapping[str, Stop], stop_id: str) -> tuple[float, float] | None:
    current: str | None = stop_id
    for _ in range(5):
        stop = stops.get(current) if current is not None else None
        if stop is None:
            return None
        if stop.lat is not None and stop.lon is not None:
            return stop.lon, stop.lat
        current = stop.parent_station
    return None


def _zone_polygon(zone: FreeZone, scale: float) -> Polygon:
    outline, *holes = [[(lon * scale, lat) for lon, lat in ring] for ring in zone.polygon]
    return Polygon(outline, holes)


def _inside_share(polygon: Polygon, a: tuple[float, float], b: tuple[float, float], scale: float) -> float:
    pa, pb = (a[0] * scale, a[1]), (b[0] * scale, b[1])
    if pa == pb:
        return 1.0 if polygon.covers(Point(pa)) else 0.0
    segment = LineString([pa, pb])
    return float(min(1.0, segment.intersection(polygon).length / segment.length))


def _zone_units(
    trip: TripPattern, points: list[tuple[float, float] | None], polygon: Polygon, scale: float
) -> tuple[float, ...]:
    prepared = prep(polygon)
    cumulative = [0.0]
    for k in range(len(trip.stop_ids) - 1):
        a, b = points[k], points[k + 1]
        da, db = trip.distance_units[k], trip.distance_units[k + 1]
        inside = 0.0
        if a is not None and b is not None and da is not None and db is not None and db > da:
            segment = LineString([(a[0] * scale, a[1]), (b[0] * scale, b[1])]) if a != b else None
            if segment is None or prepared.intersects(segment):
                inside = (db - da) * _inside_share(polygon, a, b, scale)
        cumulative.append(cumulative[-1] + inside)
    return tuple(round(v, 6) for v in cumulative)


def with_zone_distances(
    trips: Mapping[str, TripPattern],
    stops: Mapping[str, Stop],
    zones: tuple[FreeZone, ...],
    sink: ProblemSink,
) -> dict[str, TripPattern]:
    """The trips with ``zone_units`` filled for every zone."""
    if not zones:
        return dict(trips)
    latitudes = [lat for zone in zones for ring in zone.polygon for _, lat in ring]
    scale = math.cos(math.radians(sum(latitudes) / len(latitudes)))
    polygons = {zone.free_zone_id: _zone_polygon(zone, scale) for zone in zones}
    for zone in zones:
        if not polygons[zone.free_zone_id].is_valid:
            sink.error(
                "x_fare_free_zones.txt", zone.line, "geojson_file", f"{zone.source_file}: invalid polygon"
            )
    result: dict[str, TripPattern] = {}
    for trip_id, trip in trips.items():
        points = [_coordinates(stops, s) for s in trip.stop_ids]
        missing = [s for s, p in zip(trip.stop_ids, points, strict=True) if p is None]
        if missing:
            sink.warn(
                "stop_times.txt",
                0,
                "stop_id",
                f"trip {trip_id!r}: stop {missing[0]!r} has no coordinates;"
                " its segments count as outside free zones",
            )
        units = {
            zone_id: _zone_units(trip, points, polygon, scale)
            for zone_id, polygon in polygons.items()
            if polygon.is_valid
        }
        result[trip_id] = replace(trip, zone_units=MappingProxyType(units))
    return result
