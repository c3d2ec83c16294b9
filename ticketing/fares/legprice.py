"""Engine policy for one effective leg (docs/decisions.md §4): a held product that matches the leg and is
valid at its start covers it at 0; otherwise the cheapest matching non-pass product for the rider's
category and media; otherwise the fare is unknown (never 0)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ticketing.fares.feed import Feed
from ticketing.fares.join import EffectiveLeg
from ticketing.fares.journey import HeldProduct
from ticketing.fares.model import LegRule
from ticketing.fares.pricing import resolve_row

# Stable reasons for an unknown leg fare.
NO_RULE = "no_matching_rule"
NO_PRICE = "no_price_for_rider"
PASS_ONLY = "pass_required"  # noqa: S105 - a reason code
UNKNOWN_ROUTE = "unknown_route"
UNKNOWN_STOP = "unknown_stop"


@dataclass(frozen=True, slots=True)
class LegPrice:
    leg: EffectiveLeg
    rules: tuple[LegRule, ...]  # every selected rule (alternatives)
    rule: LegRule | None  # the one that priced the leg
    fare_product_id: str | None
    amount_minor: int | None  # None: unknown
    currency: str | None
    fare_media_id: str | None
    covered_by: HeldProduct | None
    reason: str | None

    @property
    def leg_group_id(self) -> str | None:
        return self.rule.leg_group_id if self.rule is not None and self.amount_minor is not None else None

    @property
    def known(self) -> bool:
        return self.amount_minor is not None


def unknown(leg: EffectiveLeg, rules: tuple[LegRule, ...], reason: str) -> LegPrice:
    return LegPrice(leg, rules, None, None, None, None, None, None, reason)


def price_leg(
    feed: Feed,
    leg: EffectiveLeg,
    rules: tuple[LegRule, ...],
    category: str | None,
    media: str | None,
    held: Sequence[HeldProduct],
) -> LegPrice:
    if not rules:
        return unknown(leg, rules, NO_RULE)
    for rule in rules:
        for product in held:
            if product.fare_product_id == rule.fare_product_id and (
                product.valid_from <= leg.departure < product.valid_until
            ):
                currency = next((r.currency for r in feed.products.get(rule.fare_product_id, ())), None)
                return LegPrice(leg, rules, rule, rule.fare_product_id, 0, currency, media, product, None)
    best: LegPrice | None = None
    singles = [r for r in rules if not feed.is_pass(r.fare_product_id)]
    for rule in singles:
        row = resolve_row(feed, rule.fare_product_id, category, media)
        if row is None:
            continue
        if best is None or best.amount_minor is None or row.amount_minor < best.amount_minor:
            best = LegPrice(
                leg,
                rules,
                rule,
                rule.fare_product_id,
                row.amount_minor,
                row.currency,
                row.fare_media_id if row.fare_media_id is not None else media,
                None,
                None,
            )
    if best is not None:
        return best
    return unknown(leg, rules, NO_PRICE if singles else PASS_ONLY)
