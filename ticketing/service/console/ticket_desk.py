"""The ticket desk: which prices a counter may sell, and the ticket behind a scanned QR code."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import InvalidInput, NotFound
from ticketing.fares.model import ProductRow
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.tickets.keyring import published_key_set
from ticketing.tickets.codec import open_ticket
from ticketing.tickets.errors import TicketCodeError


@dataclass(frozen=True, slots=True)
class CounterChoices:
    products: list[tuple[str, str]]  # (fare_product_id, name)
    rider_categories: list[tuple[str, str]]  # default first
    fare_media: list[tuple[str, str]]
    prices: list[ProductRow]


async def counter_choices(session: AsyncSession, clock: Clock, operator_id: str | None) -> CounterChoices:
    """What a counter may sell from the catalogue in force (an operator account: its own products)."""
    try:
        feed = await feed_in_force(session, clock.now())
    except NotFound:
        return CounterChoices([], [], [], [])
    products = [p for p in sorted(feed.products)
                if operator_id is None or operator_id in feed.operators_of_product(p)]
    categories = sorted(feed.rider_categories.values(), key=lambda c: (not c.is_default, c.rider_category_id))
    return CounterChoices(
        products=[(p, feed.product_name(p)) for p in products],
        rider_categories=[(c.rider_category_id, c.name) for c in categories],
        fare_media=[(m.fare_media_id, m.name) for m in sorted(feed.fare_media.values(),
                                                              key=lambda m: m.fare_media_id)],
        prices=[row for p in products for row in feed.products[p]],
    )


async def ticket_id_of_code(session: AsyncSession, clock: Clock, code: str) -> str:
    """The id of the ticket a QR payload carries, once its issuer signature checks out."""
    now = clock.now()
    try:
        signed = open_ticket(code, await published_key_set(session, now), now)
    except TicketCodeError as exc:
        raise InvalidInput("qr_not_a_ticket", f"the QR code is not a vexe ticket: {exc.reason}") from None
    return signed.claims.ticket_id
