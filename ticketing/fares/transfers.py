"""fare_transfer_rules between consecutive effective legs (docs/fares.md §2, "Transfers").

Directional; exact (from, to) leg groups first, then empty sides; ``transfer_count`` and
``duration_limit`` are counted from the first leg of a run of the same (from, to) rule. Costs:
type 0 A + AB, type 1 A + AB + B, type 2 AB (for the first transfer of a run; later S + BC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ticketing.fares.feed import Feed
from ticketing.fares.legprice import LegPrice
from ticketing.fares.model import TransferRule
from ticketing.fares.pricing import resolve_row


@dataclass(frozen=True, slots=True)
class TransferPrice:
    from_pos: int  # position in the effective-leg list
    to_pos: int
    rule: TransferRule
    fare_product_id: str | None
    amount_minor: int | None  # None: the transfer product has no price for this rider
    currency: str | None
    chain_start: int
    transfer_number: int  # 1 for the first transfer of a run of the same rule


def _span(legs: list[LegPrice], start: int, end: int, kind: int) -> timedelta:
    first, last = legs[start].leg, legs[end].leg
    begin = first.departure if kind in (0, 1) else first.arrival
    finish = last.arrival if kind in (0, 3) else last.departure
    return finish - begin


def apply_transfers(
    feed: Feed, legs: list[LegPrice], category: str | None, media: str | None
) -> tuple[list[int | None], list[TransferPrice]]:
    """Charges per effective leg after transfers, and the transfers that applied."""
    charges: list[int | None] = [lp.amount_minor for lp in legs]
    applied: list[TransferPrice] = []
    previous: TransferPrice | None = None
    for i in range(1, len(legs)):
        a, b = legs[i - 1], legs[i]
        if a.leg_group_id is None or b.leg_group_id is None or b.covered_by is not None:
            previous = None
            continue
        options: list[tuple[float, int, int, TransferPrice]] = []
        for rule in feed.transfer_index.candidates(a.leg_group_id, b.leg_group_id):
            continuing = (
                previous is not None
                and previous.to_pos == i - 1
                and (previous.rule.from_leg_group_id, previous.rule.to_leg_group_id)
                == (rule.from_leg_group_id, rule.to_leg_group_id)
            )
            start, number = (
                (previous.chain_start, previous.transfer_number + 1)
                if (continuing and previous is not None)
                else (i - 1, 1)
            )
            if rule.transfer_count not in (None, -1) and number > rule.transfer_count:
                continue
            if rule.duration_limit_s is not None and _span(
                legs, start, i, rule.duration_limit_type or 0
            ) > timedelta(seconds=rule.duration_limit_s):
                continue
            amount: int | None = 0
            currency = a.currency
            if rule.fare_product_id is not None:
                row = resolve_row(feed, rule.fare_product_id, category, media)
                amount, currency = (row.amount_minor, row.currency) if row is not None else (None, None)
            count_key = float("inf") if rule.transfer_count in (None, -1) else float(rule.transfer_count or 0)
            price = TransferPrice(i - 1, i, rule, rule.fare_product_id, amount, currency, start, number)
            options.append((count_key, amount if amount is not None else 1 << 62, rule.line, price))
        if not options:
            previous = None
            continue
        chosen = min(options, key=lambda o: (o[0], o[1], o[2]))[3]
        kind = chosen.rule.fare_transfer_type
        if kind in (0, 2):
            charges[i] = 0
        if kind == 2 and not (previous is not None and previous.to_pos == i - 1):
            charges[i - 1] = 0
        applied.append(chosen)
        previous = chosen
    return charges, applied
