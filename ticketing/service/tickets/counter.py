"""Operator-side use cases: a cash sale at a counter and ticket look-ups, scoped to an operator.

An operator account may sell and see only tickets for products that its own routes honour
(the product's operators in the fare catalogue in force).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Forbidden
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.tickets.issuance import issue_ticket
from ticketing.service.tickets.keyring import IssuerKeyRing
from ticketing.service.tickets.lifecycle import get_ticket, revoke_ticket
from ticketing.service.tickets.views import IssuedTicket
from ticketing.tickets.ids import new_ticket_id


async def _ensure_operator(
    session: AsyncSession, clock: Clock, fare_product_id: str, operator_id: str | None
) -> None:
    if operator_id is None:
        return
    feed = await feed_in_force(session, clock.now())
    operators = feed.operators_of_product(fare_product_id) if fare_product_id in feed.products else ()
    if operator_id not in operators:
        raise Forbidden("operator_scope", f"{fare_product_id} is not a product of operator {operator_id}")


async def counter_sale(
    session: AsyncSession,
    clock: Clock,
    keyring: IssuerKeyRing,
    *,
    ticket_id: str | None,
    fare_product_id: str,
    rider_category_id: str,
    fare_media_id: str | None,
    valid_from: datetime | None,
    actor: str,
    operator_id: str | None,
    counter_id: str | None = None,
) -> IssuedTicket:
    """Sell for cash. ``operator_id`` (an operator account's scope) must run the product."""
    await _ensure_operator(session, clock, fare_product_id, operator_id)
    where = f" at {counter_id}" if counter_id else ""
    return await issue_ticket(
        session,
        clock,
        keyring,
        ticket_id=ticket_id or new_ticket_id(),
        fare_product_id=fare_product_id,
        rider_category_id=rider_category_id,
        fare_media_id=fare_media_id,
        valid_from=valid_from,
        holder_id=None,
        order_id=None,
        device_key_id=None,
        actor=actor,
        reason=f"counter sale (cash){where}",
    )


async def ticket_for_operator(
    session: AsyncSession, clock: Clock, ticket_id: str, operator_id: str | None
) -> IssuedTicket:
    ticket = await get_ticket(session, ticket_id)
    await _ensure_operator(session, clock, ticket.fare_product_id, operator_id)
    return ticket


async def revoke_for_operator(
    session: AsyncSession, clock: Clock, *, ticket_id: str, reason: str, actor: str, operator_id: str | None
) -> IssuedTicket:
    await ticket_for_operator(session, clock, ticket_id, operator_id)
    await revoke_ticket(session, clock, ticket_id=ticket_id, reason=reason, actor=actor)
    return await get_ticket(session, ticket_id)
