"""Account tickets whose holder has reached a day cap today, for readers to show "day cap reached".

For each rider charged pay-as-you-go today (local day of the feed), the day caps with nothing left
(``caps_progress``) are turned into the routes they cover: a route is covered when the cap covers
its network with a leg group of a rule that can price it. Readers get ``{ticket_id: [route_id]}``
for the rider's account tickets; a reader on another route keeps showing the fare.
"""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.errors import NotFound
from ticketing.db.models.orders import WalletCharge
from ticketing.db.models.tickets import Ticket
from ticketing.fares.feed import Feed
from ticketing.fares.model import FareCap
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.riders.account_ticket import ACCOUNT_PRODUCT_ID
from ticketing.service.riders.caps import caps_progress


def _routes_covered(feed: Feed, cap: FareCap) -> list[str]:
    covered = []
    for route in feed.routes.values():
        groups = {r.leg_group_id for r in feed.leg_rules if r.network_id in (route.network_id, None)}
        if any(cap.covers(route.network_id, g) for g in groups):
            covered.append(route.route_id)
    return sorted(covered)


async def day_capped_tickets(session: AsyncSession, at: datetime) -> dict[str, list[str]]:
    """``{account ticket id: [route ids where the rider's day cap is reached]}`` at ``at``."""
    try:
        feed = await feed_in_force(session, at)
    except NotFound:
        return {}
    day_caps = {c.cap_id: c for c in feed.caps if c.period == "day"}
    if not day_caps:
        return {}
    local = at.astimezone(feed.timezone)
    start = datetime.combine(local.date(), time(0), tzinfo=feed.timezone)
    riders = (
        await session.scalars(
            sa.select(WalletCharge.rider_id)
            .where(WalletCharge.travelled_at >= start, WalletCharge.travelled_at <= at)
            .distinct()
        )
    ).all()
    found: dict[str, list[str]] = {}
    for rider_id in riders:
        reached = [
            day_caps[p.cap_id]
            for p in await caps_progress(session, feed, rider_id=rider_id, at=at)
            if p.cap_id in day_caps and p.remaining_minor == 0
        ]
        if not reached:
            continue
        routes = sorted({r for cap in reached for r in _routes_covered(feed, cap)})
        tickets = await session.scalars(
            sa.select(Ticket.ticket_id).where(
                Ticket.holder_id == rider_id, Ticket.fare_product_id == ACCOUNT_PRODUCT_ID
            )
        )
        for ticket_id in tickets:
            found[ticket_id] = routes
    return found
