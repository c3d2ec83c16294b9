"""Operator-side use cases: a cash sale at a counter and ticket look-ups, scoped to an operator.

An operator account may sell and see only tickets for products that its own routes honour
(the product's operators in the fare catalogue in force).

A cash sale is booked when the ticket is issued, in the same transaction: Dr
``assets:cash:<counter>`` / Cr unearned fares, with the ticket id as the sale id, so a retried
sale books nothing twice and the ticket's rides are recognised for the operator like an app
sale's. Without a medium the price is the network's cash price (``cash_media_for``).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Forbidden
from ticketing.fares.offers import cash_media_for
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.ledger.postings import SaleItem, record_sale
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
    holder_id: str | None = None,
    device_key_id: str | None = None,
) -> IssuedTicket:
    """Sell for cash and book the sale. ``operator_id`` (an operator account's scope) must run
    the product; ``counter_id`` names the till (default: the seller, from ``actor``)."""
    await _ensure_operator(session, clock, fare_product_id, operator_id)
    if fare_media_id is None:
        feed = await feed_in_force(session, clock.now())
        if fare_product_id in feed.products:
            fare_media_id = cash_media_for(feed, fare_product_id, rider_category_id)
    counter = counter_account_id(counter_id or actor)
    ticket = await issue_ticket(
        session,
        clock,
        keyring,
        ticket_id=ticket_id or new_ticket_id(),
        fare_product_id=fare_product_id,
        rider_category_id=rider_category_id,
        fare_media_id=fare_media_id,
        valid_from=valid_from,
        holder_id=holder_id,
        order_id=None,
        device_key_id=device_key_id,
        actor=actor,
        reason=f"counter sale (cash) at {counter}",
    )
    if ticket.amount_minor > 0:
        await record_sale(
            session, clock, sale_id=ticket.ticket_id, provider=f"cash:{counter}",
            currency=ticket.currency,
            items=[SaleItem(ticket_id=ticket.ticket_id, amount_minor=ticket.amount_minor,
                            kind="single" if ticket.kind == "single" else "pass",
                            valid_until=ticket.valid_until)],
        )
    return ticket


_NOT_IN_ACCOUNT_NAME = re.compile(r"[^A-Za-z0-9_.\-]")
COUNTER_ID_MAX = 58  # "cash:" + id fits the ledger's 64-character provider column


def counter_account_id(name: str) -> str:
    """The ``assets:cash:<counter>`` segment for a till or a seller (``staff:lan`` ->
    ``staff_lan``): characters outside the account alphabet become ``_``."""
    cleaned = _NOT_IN_ACCOUNT_NAME.sub("_", name.strip())[:COUNTER_ID_MAX]
    return cleaned or "counter"


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
