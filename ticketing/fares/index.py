"""Lookup indexes over the fare rules, built once per feed so a leg never scans every rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ticketing.fares.model import JoinRule, LegRule, TransferRule

RuleKey = tuple[str | None, str | None, str | None]


class LegRuleIndex:
    """fare_leg_rules keyed by (network, from area, to area); ``None`` is an empty field."""

    __slots__ = ("by_key", "by_product", "named_from_areas", "named_networks", "named_to_areas", "priority")

    def __init__(self, rules: Iterable[LegRule], priority: bool) -> None:
        self.priority = priority
        by_key: dict[RuleKey, list[LegRule]] = defaultdict(list)
        by_product: dict[str, list[LegRule]] = defaultdict(list)
        networks: set[str] = set()
        from_areas: set[str] = set()
        to_areas: set[str] = set()
        for rule in rules:
            by_key[(rule.network_id, rule.from_area_id, rule.to_area_id)].append(rule)
            by_product[rule.fare_product_id].append(rule)
            if rule.network_id is not None:
                networks.add(rule.network_id)
            if rule.from_area_id is not None:
                from_areas.add(rule.from_area_id)
            if rule.to_area_id is not None:
                to_areas.add(rule.to_area_id)
        self.by_key: dict[RuleKey, tuple[LegRule, ...]] = {k: tuple(v) for k, v in by_key.items()}
        self.by_product: dict[str, tuple[LegRule, ...]] = {k: tuple(v) for k, v in by_product.items()}
        self.named_networks = frozenset(networks)
        self.named_from_areas = frozenset(from_areas)
        self.named_to_areas = frozenset(to_areas)


class TransferRuleIndex:
    """fare_transfer_rules keyed by (from leg group, to leg group)."""

    __slots__ = ("by_pair", "named_from", "named_to")

    def __init__(self, rules: Iterable[TransferRule]) -> None:
        by_pair: dict[tuple[str | None, str | None], list[TransferRule]] = defaultdict(list)
        named_from: set[str] = set()
        named_to: set[str] = set()
        for rule in rules:
            by_pair[(rule.from_leg_group_id, rule.to_leg_group_id)].append(rule)
            if rule.from_leg_group_id is not None:
                named_from.add(rule.from_leg_group_id)
            if rule.to_leg_group_id is not None:
                named_to.add(rule.to_leg_group_id)
        self.by_pair = {k: tuple(v) for k, v in by_pair.items()}
        self.named_from = frozenset(named_from)
        self.named_to = frozenset(named_to)

    def candidates(self, from_group: str, to_group: str) -> tuple[TransferRule, ...]:
        """Exact pair first; otherwise an empty side matches every group not named in its column."""
        exact = self.by_pair.get((from_group, to_group))
        if exact:
            return exact
        found: list[TransferRule] = []
        from_keys: list[str | None] = [from_group]
        if from_group not in self.named_from:
            from_keys.append(None)
        to_keys: list[str | None] = [to_group]
        if to_group not in self.named_to:
            to_keys.append(None)
        for f in from_keys:
            for t in to_keys:
                if f == from_group and t == to_group:
                    continue
                found.extend(self.by_pair.get((f, t), ()))
        return tuple(found)


class JoinRuleIndex:
    __slots__ = ("by_networks",)

    def __init__(self, rules: Iterable[JoinRule]) -> None:
        by_networks: dict[tuple[str, str], list[JoinRule]] = defaultdict(list)
        for rule in rules:
            by_networks[(rule.from_network_id, rule.to_network_id)].append(rule)
        self.by_networks = {k: tuple(v) for k, v in by_networks.items()}
