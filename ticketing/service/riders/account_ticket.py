"""The pay-as-you-go account ticket: a device-bound ticket whose taps are priced on the server.

It is an ordinary signed ticket (format v1) with the reserved product id ``ACCOUNT_PRODUCT_ID``
(never a product of a fare feed), unlimited rides (so readers treat it like any multi-ride
ticket: passback applies) and the rider's approved category. It carries no price: each journey
made with it is charged to the rider's wallet (:mod:`ticketing.service.riders.payg`). Bound to
the rider's phone key, a screenshot of it does not ride. One live account ticket per rider;
asking again returns it. While the rider owes money for rides the wallet could not pay, the
ticket is revoked (deny-listed) and a new one is only issued once a top-up has cleared the debt.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Rejected
from ticketing.core.money import format_amount
from ticketing.db.models.tickets import Ticket, TicketEvent
from ticketing.fares.offers import highest_single_fare
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.ledger.postings import wallet_balance
from ticketing.service.riders.concessions import approved_categories
from ticketing.service.riders.payg_adjust import outstanding_debt
from ticketing.service.tickets.device_keys import riders_device_key
from ticketing.service.tickets.keyring import IssuerKeyRing
from ticketing.service.tickets.lifecycle import revoke_ticket
from ticketing.service.tickets.views import IssuedTicket, view
from ticketing.tickets.claims import TicketClaims
from ticketing.tickets.codec import sign_ticket
from ticketing.tickets.ids import new_ticket_id

ACCOUNT_PRODUCT_ID = "PAYG"
ACCOUNT_TICKET_VALIDITY = timedelta(days=90)
# A ticket this close to its end is replaced rather than handed out again.
RENEW_BEFORE = timedelta(days=7)
DEBT_REASON = "payg_debt"
ACTOR = "system:payg"


def is_account_product(fare_product_id: str | None) -> bool:
    return fare_product_id == ACCOUNT_PRODUCT_ID


async def current_account_ticket(session: AsyncSession, rider_id: str, at: datetime) -> Ticket | None:
    return await session.scalar(
        sa.select(Ticket)
        .where(
            Ticket.holder_id == rider_id,
            Ticket.fare_product_id == ACCOUNT_PRODUCT_ID,
            Ticket.status.in_(("issued", "active")),
            Ticket.valid_until > at + RENEW_BEFORE,
        )
        .order_by(Ticket.issued_at.desc())
        .limit(1)
    )


async def _category_and_currency(session: AsyncSession, rider_id: str, at: datetime) -> tuple[str, str]:
    feed = await feed_in_force(session, at)
    currencies = sorted({row.currency for rows in feed.products.values() for row in rows})
    currency = currencies[0] if currencies else "VND"
    approved = sorted(c for c in await approved_categories(session, rider_id) if c in feed.rider_categories)
    if approved:
        return approved[0], currency
    default = feed.default_rider_category
    if default is None:
        raise Rejected("fare_unknown", "the fare feed in force names no default rider category")
    return default, currency


async def _ensure_funded(
    session: AsyncSession, rider_id: str, at: datetime, min_balance_minor: int | None
) -> None:
    """The wallet must cover the dearest single journey before an account ticket rides."""
    category, currency = await _category_and_currency(session, rider_id, at)
    if min_balance_minor is None:
        min_balance_minor = highest_single_fare(await feed_in_force(session, at), category)
    held = await wallet_balance(session, rider_id=rider_id, currency=currency)
    if held < min_balance_minor:
        raise Rejected(
            "payg_balance_too_low",
            f"the wallet holds {format_amount(held, currency)}; pay-as-you-go needs at least "
            f"{format_amount(min_balance_minor, currency)} (the highest single fare)",
        )


async def account_ticket(
    session: AsyncSession, clock: Clock, keyring: IssuerKeyRing, *, rider_id: str, device_key_id: str,
    min_balance_minor: int | None = None,
) -> IssuedTicket:
    """The rider's live account ticket, issued bound to ``device_key_id`` if there is none.

    A new ticket needs no debt and a wallet balance of at least ``min_balance_minor`` (default:
    the highest single fare of the feed in force), so the first journey is always covered; a
    ride the wallet cannot pay revokes the ticket (:func:`block_for_debt`), which bounds the
    debt to the journeys made before readers load the deny-list."""
    now = clock.now()
    existing = await current_account_ticket(session, rider_id, now)
    if existing is not None and existing.device_key_id == device_key_id:
        return view(existing)
    owed = await outstanding_debt(session, rider_id)
    if owed > 0:
        raise Rejected("payg_debt_outstanding", "top up the wallet to pay for earlier rides first")
    key = await riders_device_key(session, device_key_id, rider_id)  # someone else's key: 404
    await _ensure_funded(session, rider_id, now, min_balance_minor)
    if existing is not None:  # moved to another phone: the old binding stops riding
        await revoke_ticket(session, clock, ticket_id=existing.ticket_id,
                            reason="account ticket moved to another phone key", actor=ACTOR)
    start = now.astimezone(UTC).replace(second=0, microsecond=0)
    until = start + ACCOUNT_TICKET_VALIDITY
    category, currency = await _category_and_currency(session, rider_id, now)
    signing = await keyring.signing_key(session, clock, covers_until=until)
    ticket_id = new_ticket_id()
    claims = TicketClaims(
        ticket_id=ticket_id, fare_product_id=ACCOUNT_PRODUCT_ID, rider_category_id=category,
        fare_media_id=None, valid_from=start, valid_until=until, rides_allowed=None,
        device_key_thumbprint=key.thumbprint,
    )
    row = Ticket(
        ticket_id=ticket_id, code=sign_ticket(claims, signing.private_key, signing.kid),
        kid=signing.kid, kind=claims.kind, fare_product_id=ACCOUNT_PRODUCT_ID,
        rider_category_id=category, fare_media_id=None, amount_minor=0, currency=currency,
        valid_from=start, valid_until=until, rides_allowed=None, activation_days=None,
        status="active", holder_id=rider_id, order_id=None, device_key_id=device_key_id,
        issued_at=now, issued_by=ACTOR, first_used_at=None, first_tap_id=None, status_changed_at=now,
    )
    session.add(row)
    session.add(TicketEvent(ticket_id=ticket_id, at=now, from_status=None, to_status="active",
                            actor=ACTOR, reason="pay-as-you-go account ticket", tap_id=None))
    await session.flush()
    return view(row)


async def account_holder(session: AsyncSession, ticket_id: str) -> Ticket | None:
    """The account ticket row of ``ticket_id`` (None for any other ticket)."""
    row = await session.get(Ticket, ticket_id)
    if row is None or not is_account_product(row.fare_product_id) or row.holder_id is None:
        return None
    return row


async def block_for_debt(session: AsyncSession, clock: Clock, rider_id: str) -> None:
    """Revoke (deny-list) the rider's account tickets: readers refuse them until the debt is paid."""
    rows = (await session.scalars(sa.select(Ticket.ticket_id).where(
        Ticket.holder_id == rider_id, Ticket.fare_product_id == ACCOUNT_PRODUCT_ID,
        Ticket.status.in_(("issued", "active")),
    ))).all()
    for ticket_id in rows:
        try:
            await revoke_ticket(session, clock, ticket_id=ticket_id, reason=DEBT_REASON, actor=ACTOR)
        except NotFound:
            continue
