"""``quote_journey``: a journey priced with the feed (join → match → choose → transfers → caps)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ticketing.core.errors import InvalidInput, Rejected
from ticketing.fares.caps import Charge, applicable_caps, apply_caps
from ticketing.fares.distance import LegDistance
from ticketing.fares.explain import explain
from ticketing.fares.feed import Feed
from ticketing.fares.join import effective_legs
from ticketing.fares.journey import Journey, parse_journey
from ticketing.fares.legprice import UNKNOWN_ROUTE, UNKNOWN_STOP, LegPrice, price_leg, unknown
from ticketing.fares.matching import match_leg
from ticketing.fares.measure import MeasuredLegs, measure_legs, with_distance
from ticketing.fares.model import FareCap
from ticketing.fares.pricing import effective_category
from ticketing.fares.quote_json import to_json
from ticketing.fares.transfers import TransferPrice, apply_transfers

__all__ = ["LegQuote", "Quote", "TransferQuote", "parse_journey", "quote_journey", "quote_to_json"]


@dataclass(frozen=True, slots=True)
class LegQuote:
    index: int
    fare_product_id: str | None
    amount_minor: int | None  # charged for this leg after transfers and caps; None = unknown
    base_amount_minor: int | None  # the product's own price for the rider
    rule: str | None  # "fare_leg_rules.txt:2"
    covered_by: str | None  # held product that covers the leg
    reason: str | None  # why the fare is unknown
    leg_group_id: str | None
    fare_media_id: str | None
    joined_with: int | None  # first leg of the effective leg this one was joined into
    cap_id: str | None
    alternatives: tuple[str, ...]  # every product the matched rules offer for the leg
    to_stop_id: str = ""  # the alighting stop priced (the route end when there was no tap-off)
    trip_id: str | None = None  # the trip that measured the distance
    distance_units: float | None = None  # fare distance of the leg (None: not measured)
    free_distance_units: float | None = None  # the part inside a free zone in force
    free_zone_id: str | None = None


@dataclass(frozen=True, slots=True)
class TransferQuote:
    from_index: int
    to_index: int
    rule: str
    fare_transfer_type: int
    fare_product_id: str | None
    amount_minor: int | None
    cap_id: str | None


@dataclass(frozen=True, slots=True)
class Quote:
    currency: str | None
    total_minor: int | None
    complete: bool
    rider_category_id: str | None
    fare_media_id: str | None
    legs: tuple[LegQuote, ...]
    transfers: tuple[TransferQuote, ...]
    explanation: tuple[str, ...]
    explanation_vi: tuple[str, ...]
    uncapped_total_minor: int | None
    caps_applied: tuple[str, ...]


def _check_input(feed: Feed, journey: Journey) -> None:
    if (
        journey.rider_category
        and feed.rider_categories
        and journey.rider_category not in feed.rider_categories
    ):
        raise InvalidInput(
            "rider_category_unknown", f"no rider category {journey.rider_category!r} in the feed"
        )
    if journey.fare_media and journey.fare_media not in feed.fare_media:
        raise InvalidInput("fare_media_unknown", f"no fare media {journey.fare_media!r} in the feed")
    for held in journey.held_products:
        if held.fare_product_id not in feed.products:
            raise InvalidInput(
                "fare_product_unknown", f"held product {held.fare_product_id!r} is not in the feed"
            )


def _price_legs(feed: Feed, journey: Journey, category: str | None, measured: MeasuredLegs) -> list[LegPrice]:
    prices: list[LegPrice] = []
    for plain in effective_legs(feed, journey.legs):
        eff = with_distance(plain, measured.distances)
        routes = [journey.legs[i].route_id for i in eff.indexes]
        stops = [s for i in eff.indexes for s in (journey.legs[i].from_stop_id, journey.legs[i].to_stop_id)]
        reasons = [measured.reasons[i] for i in eff.indexes if i in measured.reasons]
        if reasons:
            prices.append(unknown(eff, (), reasons[0]))
        elif any(r not in feed.routes for r in routes):
            prices.append(unknown(eff, (), UNKNOWN_ROUTE))
        elif any(s not in feed.stops for s in stops):
            prices.append(unknown(eff, (), UNKNOWN_STOP))
        else:
            rules = match_leg(feed, eff)
            price = price_leg(feed, eff, rules, category, journey.fare_media, journey.held_products)
            if (
                eff.wholly_free
                and price.known
                and price.covered_by is None
                and price.rule is not None
                and price.rule.by_distance
            ):
                price = replace(price, amount_minor=0)  # wholly inside a free zone in force
            prices.append(price)
    return prices


def quote_journey(feed: Feed, journey: Journey) -> Quote:
    _check_input(feed, journey)
    category = effective_category(feed, journey.rider_category)
    measured = measure_legs(feed, journey.legs)
    journey = replace(journey, legs=measured.legs)
    prices = _price_legs(feed, journey, category, measured)
    charges, transfers = apply_transfers(feed, prices, category, journey.fare_media)
    currencies = {p.currency for p in prices if p.currency} | {t.currency for t in transfers if t.currency}
    if len(currencies) > 1:
        raise Rejected(
            "mixed_currencies", f"the journey's fares use several currencies: {sorted(currencies)}"
        )
    currency = currencies.pop() if currencies else _feed_currency(feed)
    leg_caps: dict[int, str] = {}
    transfer_caps: dict[int, str] = {}
    leg_amounts = list(charges)
    transfer_amounts = [t.amount_minor for t in transfers]
    caps = applicable_caps(feed.caps, category, journey.fare_media) if journey.best_fare and currency else []
    if caps and currency:
        _cap(
            feed,
            journey,
            prices,
            currency,
            caps,
            leg_amounts,
            transfers,
            transfer_amounts,
            leg_caps,
            transfer_caps,
        )
    legs = _leg_quotes(journey, prices, leg_amounts, leg_caps, measured.distances)
    transfer_quotes = tuple(
        TransferQuote(
            prices[t.from_pos].leg.indexes[-1],
            prices[t.to_pos].leg.first,
            t.rule.ref,
            t.rule.fare_transfer_type,
            t.fare_product_id,
            transfer_amounts[k],
            transfer_caps.get(k),
        )
        for k, t in enumerate(transfers)
    )
    amounts = [leg.amount_minor for leg in legs] + [t.amount_minor for t in transfer_quotes]
    complete = all(a is not None for a in amounts)
    total = sum(a for a in amounts if a is not None) if complete else None
    uncapped = (
        sum(a for a in charges if a is not None)
        + sum(t.amount_minor for t in transfers if t.amount_minor is not None)
        if complete
        else None
    )
    partial = Quote(
        currency,
        total,
        complete,
        category,
        journey.fare_media,
        legs,
        transfer_quotes,
        (),
        (),
        uncapped,
        tuple(sorted(set(leg_caps.values()) | set(transfer_caps.values()))),
    )
    en, vi = explain(feed, journey, partial)
    return Quote(
        partial.currency,
        partial.total_minor,
        partial.complete,
        partial.rider_category_id,
        partial.fare_media_id,
        partial.legs,
        partial.transfers,
        en,
        vi,
        partial.uncapped_total_minor,
        partial.caps_applied,
    )


def _feed_currency(feed: Feed) -> str | None:
    for rows in feed.products.values():
        for row in rows:
            return row.currency
    return None


def _cap(
    feed: Feed,
    journey: Journey,
    prices: list[LegPrice],
    currency: str,
    caps: list[FareCap],
    leg_amounts: list[int | None],
    transfers: list[TransferPrice],
    transfer_amounts: list[int | None],
    leg_caps: dict[int, str],
    transfer_caps: dict[int, str],
) -> None:
    items: list[tuple[str, int, Charge]] = []
    for pos, lp in enumerate(prices):
        amount = leg_amounts[pos]
        if amount is not None and lp.covered_by is None:
            items.append(
                ("leg", pos, Charge(lp.leg.departure, amount, currency, lp.leg.network_id, lp.leg_group_id))
            )
        for k, t in enumerate(transfers):
            if t.to_pos == pos + 1 and transfer_amounts[k] is not None:
                nxt = prices[t.to_pos]
                items.append(
                    (
                        "transfer",
                        k,
                        Charge(
                            nxt.leg.departure,
                            transfer_amounts[k] or 0,
                            currency,
                            nxt.leg.network_id,
                            nxt.leg_group_id,
                        ),
                    )
                )
    prior = [
        Charge(p.at, p.amount_minor, currency, p.network_id, p.leg_group_id) for p in journey.prior_charges
    ]
    for (kind, ref, _), capped in zip(
        items, apply_caps(caps, [i[2] for i in items], prior, feed.timezone), strict=True
    ):
        if kind == "leg":
            leg_amounts[ref] = capped.amount_minor
            if capped.cap is not None:
                leg_caps[ref] = capped.cap.cap_id
        else:
            transfer_amounts[ref] = capped.amount_minor
            if capped.cap is not None:
                transfer_caps[ref] = capped.cap.cap_id


def _leg_quotes(
    journey: Journey,
    prices: list[LegPrice],
    amounts: list[int | None],
    caps: dict[int, str],
    distances: Sequence[LegDistance | None],
) -> tuple[LegQuote, ...]:
    out: list[LegQuote] = []
    for pos, lp in enumerate(prices):
        alternatives = tuple(dict.fromkeys(r.fare_product_id for r in lp.rules))
        for k, index in enumerate(lp.leg.indexes):
            first = k == 0
            dist = distances[index]
            out.append(
                LegQuote(
                    index=index,
                    fare_product_id=lp.fare_product_id,
                    amount_minor=(amounts[pos] if first else (0 if lp.known else None)),
                    base_amount_minor=lp.amount_minor if first else (0 if lp.known else None),
                    rule=lp.rule.ref if lp.rule is not None else None,
                    covered_by=lp.covered_by.fare_product_id if lp.covered_by is not None else None,
                    reason=lp.reason,
                    leg_group_id=lp.leg_group_id,
                    fare_media_id=lp.fare_media_id,
                    joined_with=None if first else lp.leg.first,
                    cap_id=caps.get(pos) if first else None,
                    alternatives=alternatives,
                    to_stop_id=journey.legs[index].to_stop_id,
                    trip_id=dist.trip_id if dist is not None else None,
                    distance_units=dist.distance_units if dist is not None else None,
                    free_distance_units=dist.free_units if dist is not None else None,
                    free_zone_id=dist.free_zone_id if dist is not None else None,
                )
            )
    return tuple(out)


def quote_to_json(quote: Quote) -> dict[str, object]:
    return to_json(quote)
