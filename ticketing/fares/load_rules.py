"""Loading fare_leg_rules, fare_leg_join_rules and fare_transfer_rules."""

from __future__ import annotations

from collections.abc import Mapping

from ticketing.fares.fields import Fields, check_unique, require_columns
from ticketing.fares.model import JoinRule, LegRule, ProductRow, Stop, Timeframe, TransferRule
from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import FeedFiles, parse_table


def load_leg_rules(
    files: FeedFiles,
    sink: ProblemSink,
    *,
    networks: Mapping[str, str],
    areas: Mapping[str, str],
    timeframes: Mapping[str, tuple[Timeframe, ...]],
    products: Mapping[str, tuple[ProductRow, ...]],
) -> tuple[tuple[LegRule, ...], bool]:
    table = parse_table(files, "fare_leg_rules.txt", sink)
    rules: list[LegRule] = []
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "fare_product_id")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        rule = LegRule(
            line=f.line,
            leg_group_id=f.opt("leg_group_id"),
            network_id=f.ref("network_id", networks, "network (routes.network_id or networks.txt)"),
            from_area_id=f.ref("from_area_id", areas, "area"),
            to_area_id=f.ref("to_area_id", areas, "area"),
            from_timeframe_group_id=f.ref("from_timeframe_group_id", timeframes, "timeframe group"),
            to_timeframe_group_id=f.ref("to_timeframe_group_id", timeframes, "timeframe group"),
            fare_product_id=f.ref("fare_product_id", products, "fare product", required=True) or "",
            rule_priority=f.integer("rule_priority", minimum=0) or 0,
            min_distance_units=f.number("min_distance_units", minimum=0),
            max_distance_units=f.number("max_distance_units", minimum=0),
        )
        if (
            rule.min_distance_units is not None
            and rule.max_distance_units is not None
            and rule.max_distance_units <= rule.min_distance_units
        ):
            f.error("max_distance_units", "must be greater than min_distance_units")
        if len(sink.errors) > errors_before:
            continue
        key = (
            rule.network_id,
            rule.from_area_id,
            rule.to_area_id,
            rule.from_timeframe_group_id,
            rule.to_timeframe_group_id,
            rule.fare_product_id,
        ) + ((rule.min_distance_units, rule.max_distance_units) if rule.by_distance else ())
        if check_unique(seen, key, f, "fare_product_id"):
            rules.append(rule)
    return tuple(rules), table.has("rule_priority")


def load_join_rules(
    files: FeedFiles, sink: ProblemSink, *, networks: Mapping[str, str], stops: Mapping[str, Stop]
) -> tuple[JoinRule, ...]:
    table = parse_table(files, "fare_leg_join_rules.txt", sink)
    rules: list[JoinRule] = []
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "from_network_id", "to_network_id")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        from_net = f.ref("from_network_id", networks, "network", required=True)
        to_net = f.ref("to_network_id", networks, "network", required=True)
        from_stop = f.ref("from_stop_id", stops, "stop")
        to_stop = f.ref("to_stop_id", stops, "stop")
        if (f.opt("from_stop_id") is None) != (f.opt("to_stop_id") is None):
            f.error(
                "to_stop_id" if f.opt("from_stop_id") else "from_stop_id",
                "from_stop_id and to_stop_id must be given together",
            )
        if len(sink.errors) > errors_before or from_net is None or to_net is None:
            continue
        if check_unique(seen, (from_net, to_net, from_stop, to_stop), f, "from_network_id"):
            rules.append(JoinRule(f.line, from_net, to_net, from_stop, to_stop))
    return tuple(rules)


def load_transfer_rules(
    files: FeedFiles,
    sink: ProblemSink,
    *,
    leg_groups: set[str],
    products: Mapping[str, tuple[ProductRow, ...]],
) -> tuple[TransferRule, ...]:
    table = parse_table(files, "fare_transfer_rules.txt", sink)
    rules: list[TransferRule] = []
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "fare_transfer_type")
    for row in table:
        f = Fields(sink, table, row)
        errors_before = len(sink.errors)
        from_group = f.ref("from_leg_group_id", leg_groups, "leg group (fare_leg_rules.leg_group_id)")
        to_group = f.ref("to_leg_group_id", leg_groups, "leg group (fare_leg_rules.leg_group_id)")
        same = f.opt("from_leg_group_id") == f.opt("to_leg_group_id")
        count = f.integer("transfer_count")
        if same and count is None and f.opt("transfer_count") is None:
            f.error("transfer_count", "required when from_leg_group_id equals to_leg_group_id")
        elif not same and f.opt("transfer_count") is not None:
            f.error("transfer_count", "forbidden when from_leg_group_id differs from to_leg_group_id")
        elif count is not None and count != -1 and count < 1:
            f.error("transfer_count", f"must be -1 or at least 1, got {count}")
        limit = f.integer("duration_limit", minimum=1)
        limit_type = f.integer("duration_limit_type", allowed=range(4))
        if (f.opt("duration_limit") is None) != (f.opt("duration_limit_type") is None):
            f.error("duration_limit_type", "required exactly when duration_limit is given")
        transfer_type = f.integer("fare_transfer_type", required=True, allowed=range(3))
        product = f.ref("fare_product_id", products, "fare product")
        if len(sink.errors) > errors_before or transfer_type is None:
            continue
        rule = TransferRule(f.line, from_group, to_group, count, limit, limit_type, transfer_type, product)
        if check_unique(seen, (from_group, to_group, product, count, limit), f, "fare_product_id"):
            rules.append(rule)
    return tuple(rules)
