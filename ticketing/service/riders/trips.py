"""A rider's trips: journeys built from taps of their tickets, with what each cost and why.

A single ticket pays for the first journey made with it; further journeys on it (transfers the
reader allowed) cost nothing more. A pass covers its journeys at no extra cost. A journey of a
pay-as-you-go account ticket shows its wallet charge and the fare engine's explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.errors import DomainError, NotFound
from ticketing.core.ids import is_ulid
from ticketing.core.money import format_amount
from ticketing.core.timefmt import DEFAULT_NETWORK_ZONE, human
from ticketing.db.models.orders import WalletCharge
from ticketing.db.models.taps import Journey
from ticketing.db.models.tickets import Ticket
from ticketing.fares.feed import Feed
from ticketing.fares.offers import find_offer
from ticketing.fares.product_names import ProductNames, product_names
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.riders.account_ticket import is_account_product
from ticketing.service.riders.paging import check_cursor


@dataclass(frozen=True, slots=True)
class TripView:
    trip_id: str
    ticket_id: str
    fare_product_id: str
    mode: str
    operator_id: str
    route_id: str | None
    from_stop_id: str | None
    to_stop_id: str | None
    started_at: datetime
    ended_at: datetime | None
    complete: bool
    charged_minor: int
    currency: str
    explanation_en: tuple[str, ...]
    explanation_vi: tuple[str, ...]


def _product(feed: Feed | None, ticket: Ticket) -> ProductNames:
    """The ticket's product as riders read it (never its id while a feed is in force)."""
    if feed is None:
        return ProductNames(ticket.fare_product_id, ticket.fare_product_id)
    try:
        offer = find_offer(feed, ticket.fare_product_id, ticket.rider_category_id, ticket.fare_media_id)
    except DomainError:
        name = feed.product_name(ticket.fare_product_id)
        return ProductNames(name, name)
    return product_names(feed, offer, priced=False)


def _explain(
    ticket: Ticket, is_pass: bool, first_use: bool, complete: bool, feed: Feed | None
) -> tuple[int, list[str], list[str]]:
    price = format_amount(ticket.amount_minor, ticket.currency)
    product = _product(feed, ticket)
    if is_pass:
        # "12/12/2026 19:19": the network's local time, as riders write it
        until = human(ticket.valid_until, feed.timezone if feed is not None else DEFAULT_NETWORK_ZONE)
        charged = 0
        en = [f"Covered by your pass {product.en} ({ticket.ticket_id}), valid until {until}."]
        vi = [f"Đã bao gồm trong {product.vi} ({ticket.ticket_id}), hiệu lực đến {until}."]
    elif first_use:
        charged = ticket.amount_minor
        en = [f"Paid with single ticket {product.en} ({ticket.ticket_id}): {price}."]
        vi = [f"Thanh toán bằng vé lượt: {product.vi} ({ticket.ticket_id}), {price}."]
    else:
        charged = 0
        en = [f"Continued on ticket {ticket.ticket_id}, already paid by an earlier journey: no charge."]
        vi = [f"Tiếp tục bằng vé {ticket.ticket_id} đã thanh toán ở chuyến trước: không tính thêm."]
    if not complete:
        en.append("No exit tap yet: the journey completes when the missing tap arrives.")
        vi.append("Chưa có lượt chạm ra: hành trình sẽ hoàn tất khi nhận được lượt chạm còn thiếu.")
    return charged, en, vi


async def _first_journey_ids(session: AsyncSession, ticket_ids: set[str]) -> dict[str, str]:
    firsts: dict[str, str] = {}
    if not ticket_ids:
        return firsts
    rows = await session.execute(
        select(Journey.ticket_id, Journey.journey_id)
        .where(Journey.ticket_id.in_(ticket_ids))
        .order_by(Journey.started_at, Journey.journey_id)
    )
    for ticket_id, journey_id in rows:
        firsts.setdefault(ticket_id, journey_id)
    return firsts


def _wallet_explain(charge: WalletCharge | None, complete: bool) -> tuple[int, list[str], list[str]]:
    """A journey of a pay-as-you-go account ticket: what the wallet was charged, and why."""
    if charge is None:
        en = ["Pay-as-you-go: not charged yet (priced when the journey completes)."]
        vi = ["Trả theo chuyến: chưa tính tiền (tính khi hành trình hoàn tất)."]
        return 0, en, vi
    en = list(charge.explanation.get("en", []))
    vi = list(charge.explanation.get("vi", []))
    if charge.status == "owed":
        en.append("Not paid yet: the wallet was short; your next top-up pays it.")
        vi.append("Chưa thanh toán: số dư ví không đủ; lần nạp tiền tiếp theo sẽ thanh toán.")
    return charge.charged_minor, en, vi


async def _wallet_charges(session: AsyncSession, journey_ids: list[str]) -> dict[str, WalletCharge]:
    if not journey_ids:
        return {}
    rows = await session.scalars(select(WalletCharge).where(WalletCharge.journey_ref.in_(journey_ids)))
    return {row.journey_ref: row for row in rows}


async def _feed_at(session: AsyncSession, at: datetime) -> Feed | None:
    try:
        return await feed_in_force(session, at)
    except NotFound:
        return None


async def _views(session: AsyncSession, pairs: list[tuple[Journey, Ticket]]) -> list[TripView]:
    firsts = await _first_journey_ids(session, {t.ticket_id for _, t in pairs})
    charges = await _wallet_charges(
        session, [j.journey_id for j, t in pairs if is_account_product(t.fare_product_id)]
    )
    feed = await _feed_at(session, pairs[0][0].started_at) if pairs else None
    views: list[TripView] = []
    for journey, ticket in pairs:
        is_pass = ticket.kind == "pass"
        if is_account_product(ticket.fare_product_id):
            charged, en, vi = _wallet_explain(charges.get(journey.journey_id), journey.complete)
        else:
            charged, en, vi = _explain(
                ticket, is_pass, firsts.get(ticket.ticket_id) == journey.journey_id, journey.complete, feed
            )
        views.append(
            TripView(
                journey.journey_id,
                ticket.ticket_id,
                ticket.fare_product_id,
                journey.mode,
                journey.operator_id,
                journey.route_id,
                journey.from_stop_id,
                journey.to_stop_id,
                journey.started_at,
                journey.ended_at,
                journey.complete,
                charged,
                ticket.currency,
                tuple(en),
                tuple(vi),
            )
        )
    return views


async def list_trips(
    session: AsyncSession, rider_id: str, *, cursor: str | None = None, limit: int = 20
) -> tuple[list[TripView], str | None]:
    query = (
        select(Journey, Ticket)
        .join(Ticket, Ticket.ticket_id == Journey.ticket_id)
        .where(Ticket.holder_id == rider_id)
    )
    before = check_cursor(cursor)
    if before is not None:
        anchor = await session.get(Journey, before)
        if anchor is None:
            raise NotFound("trip_not_found", "the page cursor names no trip")
        query = query.where(
            or_(
                Journey.started_at < anchor.started_at,
                and_(Journey.started_at == anchor.started_at, Journey.journey_id < anchor.journey_id),
            )
        )
    query = query.order_by(Journey.started_at.desc(), Journey.journey_id.desc()).limit(limit + 1)
    pairs = [(row[0], row[1]) for row in (await session.execute(query)).all()]
    views = await _views(session, pairs[:limit])
    return views, views[-1].trip_id if len(pairs) > limit else None


async def get_trip(session: AsyncSession, rider_id: str, trip_id: str) -> TripView:
    if not is_ulid(trip_id):
        raise NotFound("trip_not_found", f"no trip {trip_id}")
    row = (
        await session.execute(
            select(Journey, Ticket)
            .join(Ticket, Ticket.ticket_id == Journey.ticket_id)
            .where(Journey.journey_id == trip_id, Ticket.holder_id == rider_id)
        )
    ).first()
    if row is None:
        raise NotFound("trip_not_found", f"no trip {trip_id}")
    return (await _views(session, [(row[0], row[1])]))[0]
