"""Caps progress: for each fare cap that applies to the rider, how much of it the rider's
pay-as-you-go charges have used in the current period.

The period comes from the fare engine's own rule (``ticketing.fares.caps.cap_period``); the
charges are the wallet charges stored by ``payg.charge_journey``, counted exactly as the engine
counts prior charges (same currency, a network/leg group the cap covers, inside the period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.money import format_amount
from ticketing.db.models.orders import WalletCharge
from ticketing.fares.caps import cap_period
from ticketing.fares.feed import Feed
from ticketing.fares.model import FareCap
from ticketing.service.riders.concessions import approved_categories
from ticketing.service.riders.payg import CAP_LOOKBACK

_PERIOD_EN = {"day": "today", "week_rolling": "in the last 7 days", "month_calendar": "this month"}
_PERIOD_VI = {"day": "hôm nay", "week_rolling": "trong 7 ngày qua", "month_calendar": "tháng này"}


@dataclass(frozen=True, slots=True)
class CapProgress:
    cap_id: str
    name: str
    period: str  # day | week_rolling | month_calendar
    period_start: datetime  # in the feed's timezone
    period_end: datetime
    amount_minor: int
    charged_minor: int
    remaining_minor: int
    currency: str
    rider_category_id: str | None
    fare_media_id: str | None
    sentence_en: str
    sentence_vi: str


def _sentences(cap: FareCap, charged: int, remaining: int) -> tuple[str, str]:
    spent, limit, left = (format_amount(v, cap.currency) for v in (charged, cap.amount_minor, remaining))
    if remaining == 0:
        return (
            f"{cap.name}: cap reached {_PERIOD_EN[cap.period]} ({spent} of {limit}); "
            "further journeys in this period are free.",
            f"{cap.name}: đã đạt mức trần {_PERIOD_VI[cap.period]} ({spent} / {limit}); "
            "các chuyến tiếp theo trong kỳ này được miễn phí.",
        )
    return (
        f"{cap.name}: {spent} of {limit} charged {_PERIOD_EN[cap.period]}; {left} left before the cap.",
        f"{cap.name}: đã trả {spent} / {limit} {_PERIOD_VI[cap.period]}; còn {left} là đạt mức trần.",
    )


async def rider_categories(session: AsyncSession, feed: Feed, rider_id: str) -> frozenset[str]:
    """The feed's default categories (open to everyone) plus the rider's approved concessions."""
    defaults = {cid for cid, category in feed.rider_categories.items() if category.is_default}
    return frozenset(defaults) | await approved_categories(session, rider_id)


async def caps_progress(
    session: AsyncSession, feed: Feed, *, rider_id: str, at: datetime
) -> list[CapProgress]:
    """Every cap of ``feed`` for the rider's categories, ordered by cap id, as of ``at``."""
    categories = await rider_categories(session, feed, rider_id)
    caps = sorted(
        (c for c in feed.caps if c.rider_category_id is None or c.rider_category_id in categories),
        key=lambda c: c.cap_id,
    )
    if not caps:
        return []
    charges = list(
        await session.scalars(
            select(WalletCharge).where(
                WalletCharge.rider_id == rider_id,
                WalletCharge.travelled_at > at - CAP_LOOKBACK,
                WalletCharge.travelled_at <= at,
            )
        )
    )
    result = []
    for cap in caps:
        period = cap_period(cap, at, feed.timezone)
        charged = sum(
            c.charged_minor
            for c in charges
            if c.currency == cap.currency
            and cap.covers(c.network_id, c.leg_group_id)
            and period.contains(c.travelled_at)
        )
        remaining = max(cap.amount_minor - charged, 0)
        en, vi = _sentences(cap, charged, remaining)
        result.append(
            CapProgress(
                cap_id=cap.cap_id,
                name=cap.name,
                period=cap.period,
                period_start=period.start,
                period_end=period.end,
                amount_minor=cap.amount_minor,
                charged_minor=charged,
                remaining_minor=remaining,
                currency=cap.currency,
                rider_category_id=cap.rider_category_id,
                fare_media_id=cap.fare_media_id,
                sentence_en=en,
                sentence_vi=vi,
            )
        )
    return result
