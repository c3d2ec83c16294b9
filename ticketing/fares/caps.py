"""Best fare with x_fare_caps.txt: pay-as-you-go charges in a cap period never exceed the cap.

Periods: ``day`` (the local calendar day of the charge), ``week_rolling`` (the 7 × 24 h ending at
the charge), ``month_calendar`` (the local calendar month). Charges are taken in time order; each
is reduced to what is left under every cap that covers it. Charges already paid (``prior``) count
towards the caps but are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ticketing.fares.model import FareCap


@dataclass(frozen=True, slots=True)
class Charge:
    at: datetime
    amount_minor: int
    currency: str
    network_id: str | None
    leg_group_id: str | None


@dataclass(frozen=True, slots=True)
class CappedCharge:
    charge: Charge
    amount_minor: int  # what is charged after caps
    cap: FareCap | None  # the cap that limited it (None when not limited)


def applicable_caps(caps: Sequence[FareCap], category: str | None, media: str | None) -> list[FareCap]:
    return [
        c
        for c in caps
        if (c.rider_category_id is None or c.rider_category_id == category)
        and (c.fare_media_id is None or c.fare_media_id == media)
    ]


def _same_period(cap: FareCap, earlier: datetime, now: datetime, tz: ZoneInfo) -> bool:
    if cap.period == "week_rolling":
        return now - timedelta(days=7) < earlier <= now
    a, b = earlier.astimezone(tz), now.astimezone(tz)
    if cap.period == "day":
        return a.date() == b.date()
    return (a.year, a.month) == (b.year, b.month)


def apply_caps(
    caps: Sequence[FareCap], charges: Sequence[Charge], prior: Sequence[Charge], tz: ZoneInfo
) -> list[CappedCharge]:
    """``charges`` in the order given (callers pass them in time order)."""
    history: list[Charge] = list(prior)
    result: list[CappedCharge] = []
    for charge in charges:
        amount, limiting = charge.amount_minor, None
        if amount > 0:
            for cap in caps:
                if cap.currency != charge.currency or not cap.covers(charge.network_id, charge.leg_group_id):
                    continue
                spent = sum(
                    h.amount_minor
                    for h in history
                    if h.currency == cap.currency
                    and cap.covers(h.network_id, h.leg_group_id)
                    and _same_period(cap, h.at, charge.at, tz)
                )
                room = max(cap.amount_minor - spent, 0)
                if room < amount:
                    amount, limiting = room, cap
        charged = Charge(charge.at, amount, charge.currency, charge.network_id, charge.leg_group_id)
        history.append(charged)
        result.append(CappedCharge(charge, amount, limiting))
    return result
