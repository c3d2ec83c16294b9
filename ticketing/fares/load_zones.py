"""Loading the ``x_fare_free_zones.txt`` extension and the GeoJSON polygon each row names.

Columns: ``free_zone_id``, ``free_zone_name``, ``geojson_file`` (a ``.geojson`` file of the feed
holding one Polygon, as a geometry, a Feature or a one-feature FeatureCollection), ``start_date``
and ``end_date`` (YYYYMMDD, inclusive, local calendar days). Parsing uses only the standard library;
the distance inside a zone is computed by ``ticketing.fares.zone_geometry`` (server only).
"""

from __future__ import annotations

import json
from typing import Any

from ticketing.fares.fields import Fields, check_unique, require_columns
from ticketing.fares.model import FreeZone
from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import FeedFiles, parse_table

Ring = tuple[tuple[float, float], ...]


class _GeoJSONError(ValueError):
    pass


def _point(value: Any) -> tuple[float, float]:
    if (
        not isinstance(value, list)
        or len(value) < 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in value[:2])
    ):
        raise _GeoJSONError("a position must be [longitude, latitude]")
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _GeoJSONError(f"position out of range: [{lon}, {lat}]")
    return lon, lat


def _geometry(doc: Any) -> Any:
    if not isinstance(doc, dict):
        raise _GeoJSONError("expected a GeoJSON object")
    kind = doc.get("type")
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise _GeoJSONError("a FeatureCollection must hold exactly one feature")
        return _geometry(features[0])
    if kind == "Feature":
        return _geometry(doc.get("geometry"))
    return doc


def parse_polygon(data: bytes) -> tuple[Ring, ...]:
    """The rings of the file's one Polygon (outline first); raises on anything else."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _GeoJSONError(f"not JSON: {exc}") from None
    geometry = _geometry(doc)
    if geometry.get("type") != "Polygon":
        raise _GeoJSONError(f"expected a Polygon, got {geometry.get('type')!r}")
    rings_raw = geometry.get("coordinates")
    if not isinstance(rings_raw, list) or not rings_raw:
        raise _GeoJSONError("a Polygon needs at least one ring")
    rings: list[Ring] = []
    for raw in rings_raw:
        if not isinstance(raw, list):
            raise _GeoJSONError("a ring must be a list of positions")
        ring = tuple(_point(p) for p in raw)
        if len(ring) < 4 or ring[0] != ring[-1]:
            raise _GeoJSONError("a ring needs at least four positions and must be closed")
        rings.append(ring)
    return tuple(rings)


def load_free_zones(files: FeedFiles, sink: ProblemSink) -> tuple[FreeZone, ...]:
    table = parse_table(files, "x_fare_free_zones.txt", sink)
    zones: list[FreeZone] = []
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "free_zone_id", "geojson_file", "start_date", "end_date")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        zone_id = f.req("free_zone_id")
        file_name = f.req("geojson_file")
        start, end = f.day("start_date"), f.day("end_date")
        if start is not None and end is not None and end < start:
            f.error("end_date", "before start_date")
        polygon: tuple[Ring, ...] = ()
        if file_name is not None:
            if not file_name.endswith(".geojson") or file_name not in files:
                f.error("geojson_file", f"no file {file_name!r} in the feed (a .geojson file is expected)")
            else:
                try:
                    polygon = parse_polygon(files[file_name])
                except _GeoJSONError as exc:
                    f.error("geojson_file", f"{file_name}: {exc}")
        if len(sink.errors) > errors_before or zone_id is None or start is None or end is None:
            continue
        if check_unique(seen, zone_id, f, "free_zone_id"):
            zones.append(
                FreeZone(
                    zone_id, f.opt("free_zone_name") or zone_id, start, end, polygon, file_name or "", f.line
                )
            )
    return tuple(zones)
