"""``load_feed`` / ``check_feed``: a GTFS directory or zip into a ``Feed``, with every problem.

Problems are collected across all files (``file:line: field: message``); ``load_feed`` raises
``FeedError`` when there is at least one error. Unknown columns and files are ignored.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from ticketing.fares.feed import Feed
from ticketing.fares.load_base import load_base
from ticketing.fares.load_ext import load_caps, load_validity
from ticketing.fares.load_fares import load_areas, load_categories, load_media, load_products, load_timeframes
from ticketing.fares.load_rules import load_join_rules, load_leg_rules, load_transfer_rules
from ticketing.fares.load_trips import load_trips
from ticketing.fares.load_zones import load_free_zones
from ticketing.fares.problems import FeedError, FeedReport, ProblemSink
from ticketing.fares.source import FeedFiles, parse_table, read_source, zip_files

__all__ = [
    "FeedError",
    "FeedReport",
    "build_feed",
    "check_feed",
    "feed_version_of",
    "load_feed",
    "load_feed_bytes",
]


def build_feed(files: FeedFiles) -> tuple[Feed | None, FeedReport]:
    """Parse and validate; the feed is None when there are errors."""
    sink = ProblemSink()
    base = load_base(files, sink)
    areas, stop_areas = load_areas(files, sink, base.stops)
    media = load_media(files, sink)
    categories = load_categories(files, sink)
    products = load_products(files, sink, media, categories)
    timeframes = load_timeframes(files, sink, base.services)
    leg_rules, has_priority = load_leg_rules(
        files, sink, networks=base.networks, areas=areas, timeframes=timeframes, products=products
    )
    leg_groups = {r.leg_group_id for r in leg_rules if r.leg_group_id is not None}
    join_rules = load_join_rules(files, sink, networks=base.networks, stops=base.stops)
    transfer_rules = load_transfer_rules(files, sink, leg_groups=leg_groups, products=products)
    validity = load_validity(files, sink, products)
    trips = load_trips(files, sink, routes=base.routes, stops=base.stops, services=base.services)
    free_zones = load_free_zones(files, sink)
    if free_zones:
        from ticketing.fares.zone_geometry import with_zone_distances  # shapely: server only

        trips = with_zone_distances(trips, base.stops, free_zones, sink)
    caps = load_caps(
        files, sink, networks=base.networks, leg_groups=leg_groups, categories=categories, media=media
    )
    currencies = sorted({row.currency for rows in products.values() for row in rows})
    if len(currencies) > 1:
        sink.warn(
            "fare_products.txt", 0, "currency", f"several currencies in one feed: {', '.join(currencies)}"
        )
    if timeframes and not base.services:
        sink.error("calendar.txt", 0, "*", "timeframes need calendar.txt or calendar_dates.txt")
    report = sink.report()
    if not report.ok:
        return None, report
    feed_version = feed_version_of(files)
    feed = Feed(
        agency_records=MappingProxyType(base.agencies),
        routes=MappingProxyType(base.routes),
        stops=MappingProxyType(base.stops),
        networks=MappingProxyType(base.networks),
        services=MappingProxyType(base.services),
        areas=MappingProxyType(areas),
        stop_area_ids=MappingProxyType(stop_areas),
        fare_media=MappingProxyType(media),
        rider_categories=MappingProxyType(categories),
        products=MappingProxyType(products),
        leg_rules=leg_rules,
        leg_rules_have_priority=has_priority,
        timeframes=MappingProxyType(timeframes),
        join_rules=join_rules,
        transfer_rules=transfer_rules,
        validity=MappingProxyType(validity),
        caps=caps,
        timezone=base.timezone,
        feed_version=feed_version,
        trips=MappingProxyType(trips),
        free_zones=free_zones,
    )
    return feed, report


def feed_version_of(files: FeedFiles) -> str | None:
    """feed_info.txt's feed_version, read even when the feed has errors."""
    info = parse_table(files, "feed_info.txt", ProblemSink())
    return (info.rows[0].get("feed_version") or None) if info.rows else None


def _result(files: FeedFiles) -> Feed:
    feed, report = build_feed(files)
    if feed is None:
        raise FeedError(report)
    return feed


def load_feed(path: Path) -> Feed:
    """A directory or zip file; raises ``FeedError`` carrying all problems when there are errors."""
    return _result(read_source(path))


def load_feed_bytes(data: bytes) -> Feed:
    return _result(zip_files(data))


def check_feed(path: Path) -> FeedReport:
    return build_feed(read_source(path))[1]
