"""Loading the Fares v2 catalogue files: areas, media, rider categories, products, timeframes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ticketing.core.money import UnknownCurrencyError, parse_decimal_amount
from ticketing.fares.fields import Fields, check_unique, require_columns
from ticketing.fares.model import FareMedia, ProductRow, RiderCategory, ServiceCalendar, Stop, Timeframe
from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import FeedFiles, parse_table


def parse_amount(f: Fields, amount_field: str, currency_field: str) -> tuple[int, str] | None:
    currency = f.req(currency_field)
    raw = f.req(amount_field)
    if currency is None or raw is None:
        return None
    try:
        return parse_decimal_amount(raw, currency), currency
    except UnknownCurrencyError:
        f.error(currency_field, f"unknown or unsupported ISO 4217 currency {currency!r}")
    except ValueError as exc:
        f.error(amount_field, str(exc))
    return None


def load_areas(
    files: FeedFiles, sink: ProblemSink, stops: Mapping[str, Stop]
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    table = parse_table(files, "areas.txt", sink)
    areas: dict[str, str] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "area_id")
    for row in table:
        f = Fields(sink, table, row)
        area_id = f.req("area_id")
        if area_id is not None and check_unique(seen, area_id, f, "area_id"):
            areas[area_id] = f.opt("area_name") or ""
    members = parse_table(files, "stop_areas.txt", sink)
    by_stop: dict[str, set[str]] = defaultdict(set)
    seen = {}
    if members.present:
        require_columns(sink, members, "area_id", "stop_id")
    for row in members:
        f = Fields(sink, members, row)
        area_id = f.ref("area_id", areas, "area", required=True)
        stop_id = f.ref("stop_id", stops, "stop", required=True)
        if area_id is None or stop_id is None:
            continue
        if check_unique(seen, (area_id, stop_id), f, "stop_id"):
            by_stop[stop_id].add(area_id)
    return areas, {k: frozenset(v) for k, v in by_stop.items()}


def load_media(files: FeedFiles, sink: ProblemSink) -> dict[str, FareMedia]:
    table = parse_table(files, "fare_media.txt", sink)
    media: dict[str, FareMedia] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "fare_media_id", "fare_media_type")
    for row in table:
        f = Fields(sink, table, row)
        media_id = f.req("fare_media_id")
        media_type = f.integer("fare_media_type", required=True, allowed=range(5))
        name = f.opt("fare_media_name") or ""
        if media_type in (2, 4) and not name:
            f.warn("fare_media_name", "should name the card or app riders know (fare_media_type 2 or 4)")
        if media_id is None or media_type is None or not check_unique(seen, media_id, f, "fare_media_id"):
            continue
        media[media_id] = FareMedia(media_id, name, media_type)
    return media


def load_categories(files: FeedFiles, sink: ProblemSink) -> dict[str, RiderCategory]:
    table = parse_table(files, "rider_categories.txt", sink)
    categories: dict[str, RiderCategory] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "rider_category_id", "rider_category_name", "is_default_fare_category")
    for row in table:
        f = Fields(sink, table, row)
        category_id = f.req("rider_category_id")
        name = f.req("rider_category_name") or ""
        default = f.integer("is_default_fare_category", allowed=(0, 1)) == 1
        if category_id is None or not check_unique(seen, category_id, f, "rider_category_id"):
            continue
        categories[category_id] = RiderCategory(category_id, name, default, f.opt("eligibility_url"))
    return categories


def load_products(
    files: FeedFiles,
    sink: ProblemSink,
    media: Mapping[str, FareMedia],
    categories: Mapping[str, RiderCategory],
) -> dict[str, tuple[ProductRow, ...]]:
    table = parse_table(files, "fare_products.txt", sink)
    rows: dict[str, list[ProductRow]] = defaultdict(list)
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "fare_product_id", "amount", "currency")
    for row in table:
        f = Fields(sink, table, row)
        product_id = f.req("fare_product_id")
        category = f.ref("rider_category_id", categories, "rider category")
        medium = f.ref("fare_media_id", media, "fare media")
        amount = parse_amount(f, "amount", "currency")
        if product_id is None or amount is None:
            continue
        key = (product_id, f.opt("rider_category_id") or "", f.opt("fare_media_id") or "")
        if not check_unique(seen, key, f, "fare_product_id"):
            continue
        rows[product_id].append(
            ProductRow(
                product_id, f.opt("fare_product_name") or "", category, medium, amount[0], amount[1], f.line
            )
        )
    check_default_categories(sink, rows, categories)
    return {k: tuple(v) for k, v in rows.items()}


def check_default_categories(
    sink: ProblemSink, rows: Mapping[str, list[ProductRow]], categories: Mapping[str, RiderCategory]
) -> None:
    """Among the categories eligible for one product exactly one must be the default."""
    for product_id, product_rows in rows.items():
        named = {r.rider_category_id for r in product_rows if r.rider_category_id is not None}
        if not named or any(r.rider_category_id is None for r in product_rows):
            continue
        defaults = sorted(c for c in named if categories[c].is_default)
        line = product_rows[0].line
        if len(defaults) > 1:
            sink.error(
                "fare_products.txt",
                line,
                "rider_category_id",
                f"product {product_id!r} has more than one default rider category: {', '.join(defaults)}",
            )
        elif not defaults:
            sink.warn(
                "fare_products.txt",
                line,
                "rider_category_id",
                f"product {product_id!r} has no default rider category among its categories",
            )


def load_timeframes(
    files: FeedFiles, sink: ProblemSink, services: Mapping[str, ServiceCalendar]
) -> dict[str, tuple[Timeframe, ...]]:
    table = parse_table(files, "timeframes.txt", sink)
    groups: dict[str, list[Timeframe]] = defaultdict(list)
    if table.present:
        require_columns(sink, table, "timeframe_group_id", "service_id")
    for row in table:
        f = Fields(sink, table, row)
        group = f.req("timeframe_group_id")
        start, end = f.local_time("start_time"), f.local_time("end_time")
        has_start, has_end = f.opt("start_time") is not None, f.opt("end_time") is not None
        if has_start != has_end:
            f.error(
                "end_time" if has_start else "start_time", "start_time and end_time must be given together"
            )
            continue
        service_id = f.ref("service_id", services, "service", required=True)
        if group is None or service_id is None or (has_start and (start is None or end is None)):
            continue
        lo, hi = (start or 0, end if end is not None else 86400) if has_start else (0, 86400)
        if lo >= hi:
            f.error("end_time", "end_time must be after start_time")
            continue
        frame = Timeframe(group, lo, hi, service_id, f.line)
        for other in groups[group]:
            if other.service_id == service_id and other.start_s < hi and lo < other.end_s:
                f.error(
                    "start_time",
                    f"overlaps line {other.line} of timeframe {group!r} on service {service_id!r}",
                )
                break
        else:
            groups[group].append(frame)
    return {k: tuple(v) for k, v in groups.items()}
