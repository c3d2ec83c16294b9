"""Best fare with x_fare_caps.txt: pay-as-you-go charges in a cap period never exceed the cap.

Periods (``cap_period``, also used by the rider API's caps progress): ``day`` (the local calendar
day of the charge), ``week_rolling`` (the 7 × 24 h ending at the charge), ``month_calendar`` (the
local calendar month). Charges are taken in time order; each
is reduced to what is left under every cap that covers it. Charges already paid (``prior``) count
towards the caps but are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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


ROLLING_WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class CapPeriod:
    """The cap period around an instant, with ``start``/``end`` in the feed's timezone.

    Calendar periods (``day``, ``month_calendar``) are ``[start, end)``; the rolling week is
    ``(start, end]``: the 7 × 24 h ending at the instant asked about."""

    start: datetime
    end: datetime
    rolling: bool

    def contains(self, at: datetime) -> bool:
        if self.rolling:
            return self.start < at <= self.end
        return self.start <= at < self.end


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def cap_period(cap: FareCap, at: datetime, tz: ZoneInfo) -> CapPeriod:
    """The period of ``cap`` that a charge at ``at`` falls in (the one rule, for engine and API)."""
    local = at.astimezone(tz)
    if cap.period == "week_rolling":
        return CapPeriod(local - ROLLING_WEEK, local, rolling=True)
    if cap.period == "day":
        return CapPeriod(_midnight(local.date(), tz), _midnight(local.date() + timedelta(days=1), tz), False)
    if cap.period == "month_calendar":
        first = local.date().replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return CapPeriod(_midnight(first, tz), _midnight(following, tz), rolling=False)
    raise ValueError(f"unknown cap period {cap.period!r}")


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
                period = cap_period(cap, charge.at, tz)
                spent = sum(
                    h.amount_minor
                    for h in history
                    if h.currency == cap.currency
                    and cap.covers(h.network_id, h.leg_group_id)
                    and period.contains(h.at)
                )
                room = max(cap.amount_minor - spent, 0)
                if room < amount:
                    amount, limiting = room, cap
        charged = Charge(charge.at, amount, charge.currency, charge.network_id, charge.leg_group_id)
        history.append(charged)
        result.append(CappedCharge(charge, amount, limiting))
    return result
