"""Pay-as-you-go from taps: journeys of account tickets are priced on the server and charged.

A completed journey (tap-in/tap-out, boarding/alighting) is priced with the fare engine and the
feed in force at the journey's start, caps included, and charged to the holder's wallet with the
journey id as its reference (idempotent). A ride is never refused after the fact: if the wallet
is short, the charge is kept as rider debt and the account ticket is deny-listed until a top-up
pays it. An entry still without its exit ``INCOMPLETE_AFTER`` later is charged the policy fare —
the highest fare the fare engine gives from that entry on its line — and re-priced down, with the
difference returned to the wallet, when the missing tap arrives.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import DomainError
from ticketing.db.models.orders import WalletCharge
from ticketing.db.models.taps import Journey
from ticketing.db.models.tickets import Ticket
from ticketing.fares.feed import Feed
from ticketing.fares.journey import Journey as FareJourney
from ticketing.fares.journey import JourneyLeg
from ticketing.fares.quote import quote_journey
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.riders.account_ticket import ACCOUNT_PRODUCT_ID, account_holder, block_for_debt
from ticketing.service.riders.payg import charge_journey
from ticketing.service.riders.payg_adjust import reprice_journey
from ticketing.service.taps.journeys import MAX_TRIP

log = logging.getLogger(__name__)

# An entry whose exit has not arrived this long after it is charged the policy fare.
INCOMPLETE_AFTER = MAX_TRIP
NOMINAL_RIDE = timedelta(minutes=30)


def _candidate_routes(feed: Feed, journey: Journey) -> list[str]:
    if journey.route_id is not None and journey.route_id in feed.routes:
        return [journey.route_id]
    return sorted(r.route_id for r in feed.routes.values() if r.agency_id == journey.operator_id)


def _fare(feed: Feed, leg: JourneyLeg, category: str) -> int | None:
    try:
        quote = quote_journey(feed, FareJourney(legs=(leg,), rider_category=category))
    except DomainError:
        return None
    return quote.total_minor if quote.complete else None


def _legs(feed: Feed, journey: Journey, to_stop_id: str | None, arrival: datetime) -> list[JourneyLeg]:
    """Fare legs for the journey on each candidate line. A reader that knows no stop (a bus
    without GPS) leaves the end open: every stop of the feed is tried for it."""
    legs: list[JourneyLeg] = []
    for route_id in _candidate_routes(feed, journey):
        if journey.from_stop_id is None and to_stop_id is None:
            legs += [JourneyLeg(route_id, s, s, journey.started_at, arrival) for s in sorted(feed.stops)]
            continue
        froms = [journey.from_stop_id] if journey.from_stop_id is not None else sorted(feed.stops)
        tos = [to_stop_id] if to_stop_id is not None else sorted(feed.stops)
        legs += [JourneyLeg(route_id, a, b, journey.started_at, arrival) for a in froms for b in tos]
    return legs


def _priced(feed: Feed, legs: list[JourneyLeg], category: str) -> list[tuple[int, JourneyLeg]]:
    priced = [(_fare(feed, leg, category), leg) for leg in legs]
    return [(fare, leg) for fare, leg in priced if fare is not None]


def completed_leg(feed: Feed, journey: Journey, category: str) -> JourneyLeg | None:
    """The completed journey as a fare leg (an open end gets the cheapest stop: benefit of doubt)."""
    if journey.ended_at is None:
        return None
    priced = _priced(feed, _legs(feed, journey, journey.to_stop_id, journey.ended_at), category)
    return min(priced, key=lambda p: p[0])[1] if priced else None


def policy_leg(feed: Feed, journey: Journey, category: str) -> JourneyLeg | None:
    """The dearest journey the fare engine prices from this entry on its line(s)."""
    legs = _legs(feed, journey, None, journey.started_at + NOMINAL_RIDE)
    priced = _priced(feed, legs, category)
    return max(priced, key=lambda p: p[0])[1] if priced else None


async def _charge(
    session: AsyncSession, clock: Clock, feed: Feed, holder: Ticket, journey: Journey,
    leg: JourneyLeg, incomplete: bool,
) -> None:
    assert holder.holder_id is not None
    try:
        async with session.begin_nested():
            view = await charge_journey(
                session, clock, feed, rider_id=holder.holder_id, journey_ref=journey.journey_id,
                legs=[leg], rider_category_id=holder.rider_category_id,
                fare_media_id=holder.fare_media_id, allow_debt=True, incomplete=incomplete,
            )
    except DomainError as exc:
        log.warning("journey %s of account ticket %s not charged: %s", journey.journey_id,
                    holder.ticket_id, exc.code)
        return
    if view.status == "owed":
        await block_for_debt(session, clock, holder.holder_id)


async def price_account_journey(session: AsyncSession, clock: Clock, journey: Journey | None) -> None:
    """Charge (or re-price down) a completed journey of an account ticket. Idempotent."""
    if journey is None or not journey.complete:
        return
    holder = await account_holder(session, journey.ticket_id)
    if holder is None:
        return
    try:
        feed = await feed_in_force(session, journey.started_at)
    except DomainError as exc:
        log.warning("journey %s not priced: %s", journey.journey_id, exc.code)
        return
    leg = completed_leg(feed, journey, holder.rider_category_id)
    if leg is None:
        log.warning("journey %s of account ticket %s has no fare", journey.journey_id, holder.ticket_id)
        return
    charged = await session.scalar(
        sa.select(WalletCharge.incomplete).where(WalletCharge.journey_ref == journey.journey_id))
    if charged is None:
        await _charge(session, clock, feed, holder, journey, leg, incomplete=False)
    elif charged:
        try:
            async with session.begin_nested():
                await reprice_journey(
                    session, clock, feed, journey_ref=journey.journey_id, legs=[leg],
                    rider_category_id=holder.rider_category_id, fare_media_id=holder.fare_media_id,
                )
        except DomainError as exc:
            log.warning("journey %s not re-priced: %s", journey.journey_id, exc.code)


async def charge_overdue_journeys(session: AsyncSession, clock: Clock, *, limit: int = 500) -> int:
    """Charge the policy fare for account-ticket entries still open after ``INCOMPLETE_AFTER``."""
    charged = sa.select(WalletCharge.id).where(WalletCharge.journey_ref == Journey.journey_id)
    rows = (await session.execute(
        sa.select(Journey, Ticket)
        .join(Ticket, Ticket.ticket_id == Journey.ticket_id)
        .where(
            Ticket.fare_product_id == ACCOUNT_PRODUCT_ID,
            Journey.complete.is_(False),
            Journey.started_at <= clock.now() - INCOMPLETE_AFTER,
            ~sa.exists(charged),
        )
        .order_by(Journey.started_at, Journey.journey_id)
        .limit(limit)
    )).all()
    done = 0
    for journey, holder in rows:
        if holder.holder_id is None:
            continue
        try:
            feed = await feed_in_force(session, journey.started_at)
        except DomainError:
            continue
        leg = policy_leg(feed, journey, holder.rider_category_id)
        if leg is None:
            log.warning("entry %s has no policy fare", journey.in_tap_id)
            continue
        await _charge(session, clock, feed, holder, journey, leg, incomplete=True)
        done += 1
    return done
