"""Issuing a ticket: the offer from the fare catalogue in force, its validity, a signed code.

Idempotent by ticket id: the same request again returns the ticket already issued; the same id
with a different request is a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock, require_aware
from ticketing.core.errors import Conflict, InvalidInput, Rejected
from ticketing.db.models.tickets import Ticket, TicketEvent
from ticketing.fares.offers import find_offer
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.tickets.device_keys import device_key_for_ticket
from ticketing.service.tickets.keyring import IssuerKeyRing
from ticketing.service.tickets.views import IssuedTicket, view
from ticketing.tickets.claims import TicketClaims
from ticketing.tickets.codec import sign_ticket
from ticketing.tickets.ids import is_ticket_id
from ticketing.tickets.validity import ticket_window

# How far from now a ticket may start: a little in the past (clock skew at a counter), and ahead
# for passes bought for next month.
VALID_FROM_PAST_SLACK = timedelta(minutes=5)
VALID_FROM_AHEAD_MAX = timedelta(days=62)


@dataclass(frozen=True, slots=True)
class _Request:
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str | None
    holder_id: str | None
    order_id: str | None
    device_key_id: str | None

    def matches(self, row: Ticket) -> bool:
        media_matches = self.fare_media_id is None or row.fare_media_id == self.fare_media_id
        return (
            (row.fare_product_id, row.rider_category_id) == (self.fare_product_id, self.rider_category_id)
            and media_matches
            and (row.holder_id, row.order_id, row.device_key_id)
            == (self.holder_id, self.order_id, self.device_key_id)
        )


async def issue_ticket(
    session: AsyncSession,
    clock: Clock,
    keyring: IssuerKeyRing,
    *,
    ticket_id: str,
    fare_product_id: str,
    rider_category_id: str,
    fare_media_id: str | None,
    valid_from: datetime | None,
    holder_id: str | None,
    order_id: str | None,
    device_key_id: str | None,
    actor: str,
    reason: str,
) -> IssuedTicket:
    if not is_ticket_id(ticket_id):
        raise InvalidInput("ticket_id_invalid", "a ticket id is 12 Crockford base32 characters")
    request = _Request(fare_product_id, rider_category_id, fare_media_id, holder_id, order_id, device_key_id)
    existing = await session.get(Ticket, ticket_id)
    if existing is not None:
        if not request.matches(existing):
            raise Conflict("ticket_id_reused", f"ticket {ticket_id} was issued for another request")
        return view(existing)
    now = clock.now()
    start = require_aware(valid_from) if valid_from is not None else now
    if start < now - VALID_FROM_PAST_SLACK:
        raise Rejected("valid_from_in_past", "a ticket cannot start in the past")
    if start > now + VALID_FROM_AHEAD_MAX:
        raise Rejected("valid_from_too_far", "a ticket can start at most 62 days ahead")
    feed = await feed_in_force(session, now)
    offer = find_offer(feed, fare_product_id, rider_category_id, fare_media_id)
    window = ticket_window(offer.validity, start, feed.timezone)
    thumbprint = None
    if device_key_id is not None:
        thumbprint = (await device_key_for_ticket(session, device_key_id, holder_id)).thumbprint
    signing = await keyring.signing_key(session, clock, covers_until=window.valid_until)
    claims = TicketClaims(
        ticket_id=ticket_id,
        fare_product_id=offer.fare_product_id,
        rider_category_id=rider_category_id,
        fare_media_id=offer.fare_media_id,
        valid_from=window.valid_from,
        valid_until=window.valid_until,
        rides_allowed=window.rides_allowed,
        device_key_thumbprint=thumbprint,
        activation_days=window.activation_days,
    )
    status = "issued" if window.needs_activation else "active"
    row = Ticket(
        ticket_id=ticket_id,
        code=sign_ticket(claims, signing.private_key, signing.kid),
        kid=signing.kid,
        kind=claims.kind,
        fare_product_id=offer.fare_product_id,
        rider_category_id=rider_category_id,
        fare_media_id=offer.fare_media_id,
        amount_minor=offer.amount_minor,
        currency=offer.currency,
        valid_from=window.valid_from,
        valid_until=window.valid_until,
        rides_allowed=window.rides_allowed,
        activation_days=window.activation_days,
        status=status,
        holder_id=holder_id,
        order_id=order_id,
        device_key_id=device_key_id,
        issued_at=now,
        issued_by=actor[:120],
        first_used_at=None,
        first_tap_id=None,
        status_changed_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            session.add(
                TicketEvent(
                    ticket_id=ticket_id,
                    at=now,
                    from_status=None,
                    to_status=status,
                    actor=actor[:120],
                    reason=reason[:500],
                    tap_id=None,
                )
            )
            await session.flush()
    except IntegrityError:
        # Another request issued the same id first: answer as a retry would.
        winner = await session.get(Ticket, ticket_id, populate_existing=True)
        if winner is None or not request.matches(winner):
            raise Conflict("ticket_id_reused", f"ticket {ticket_id} was issued for another request") from None
        return view(winner)
    return view(row)
