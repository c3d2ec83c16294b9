"""Loading vexe's extension files: x_fare_product_validity.txt and x_fare_caps.txt (docs/fares.md)."""

from __future__ import annotations

from collections.abc import Mapping

from ticketing.fares.fields import Fields, check_unique, require_columns
from ticketing.fares.load_fares import parse_amount
from ticketing.fares.model import (
    CAP_PERIODS,
    VALIDITY_TYPES,
    CapScope,
    FareCap,
    FareMedia,
    ProductRow,
    ProductValidity,
    RiderCategory,
)
from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import FeedFiles, parse_table


def load_validity(
    files: FeedFiles, sink: ProblemSink, products: Mapping[str, tuple[ProductRow, ...]]
) -> dict[str, ProductValidity]:
    table = parse_table(files, "x_fare_product_validity.txt", sink)
    found: dict[str, ProductValidity] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "fare_product_id", "validity_type")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        product = f.ref("fare_product_id", products, "fare product", required=True)
        kind = f.req("validity_type")
        days = f.integer("duration_days", minimum=1)
        if kind is not None and kind not in VALIDITY_TYPES:
            f.error(
                "validity_type",
                f"unknown validity type {kind!r} (expected one of {', '.join(VALIDITY_TYPES)})",
            )
        elif kind in ("from_activation", "from_issue") and f.opt("duration_days") is None:
            f.error("duration_days", f"required for validity_type {kind}")
        elif kind == "operating_day" and days not in (None, 1):
            f.error("duration_days", "an operating_day pass lasts 1 day (leave empty or 1)")
        elif kind == "calendar_month" and f.opt("duration_days") is not None:
            f.error("duration_days", "forbidden for validity_type calendar_month")
        if len(sink.errors) > errors_before or product is None or kind is None:
            continue
        if check_unique(seen, product, f, "fare_product_id"):
            found[product] = ProductValidity(product, kind, days if kind != "operating_day" else 1, f.line)
    return found


def load_caps(
    files: FeedFiles,
    sink: ProblemSink,
    *,
    networks: Mapping[str, str],
    leg_groups: set[str],
    categories: Mapping[str, RiderCategory],
    media: Mapping[str, FareMedia],
) -> tuple[FareCap, ...]:
    """One cap per cap_id; several rows of a cap_id add scopes (networks or leg groups)."""
    table = parse_table(files, "x_fare_caps.txt", sink)
    caps: dict[str, FareCap] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "cap_id", "period", "amount", "currency")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        cap_id = f.req("cap_id")
        period = f.req("period")
        if period is not None and period not in CAP_PERIODS:
            f.error("period", f"unknown period {period!r} (expected one of {', '.join(CAP_PERIODS)})")
        amount = parse_amount(f, "amount", "currency")
        if amount is not None and amount[0] <= 0:
            f.error("amount", "a cap must be a positive amount")
        network = f.ref("network_id", networks, "network")
        group = f.ref("leg_group_id", leg_groups, "leg group (fare_leg_rules.leg_group_id)")
        category = f.ref("rider_category_id", categories, "rider category")
        medium = f.ref("fare_media_id", media, "fare media")
        if len(sink.errors) > errors_before or cap_id is None or period is None or amount is None:
            continue
        if not check_unique(seen, (cap_id, network, group), f, "cap_id"):
            continue
        scope = CapScope(network, group)
        existing = caps.get(cap_id)
        if existing is None:
            caps[cap_id] = FareCap(
                cap_id,
                f.opt("cap_name") or cap_id,
                period,
                amount[0],
                amount[1],
                category,
                medium,
                (scope,),
                f.line,
            )
            continue
        if (
            existing.period,
            existing.amount_minor,
            existing.currency,
            existing.rider_category_id,
            existing.fare_media_id,
        ) != (period, amount[0], amount[1], category, medium):
            f.error(
                "cap_id", f"rows of cap {cap_id!r} must agree on period, amount, currency, category and media"
            )
            continue
        caps[cap_id] = FareCap(
            existing.cap_id,
            existing.name,
            existing.period,
            existing.amount_minor,
            existing.currency,
            existing.rider_category_id,
            existing.fare_media_id,
            (*existing.scopes, scope),
            existing.line,
        )
    return tuple(caps.values())
