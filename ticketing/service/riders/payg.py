"""Pay-as-you-go from the wallet: a journey priced on the server with caps (best fare).

Each journey is quoted with the fare engine, passing the rider's earlier wallet charges as
``prior_charges`` so the engine's caps (x_fare_caps.txt) keep the sum charged in a cap period
under the cap. The charge is posted to the ledger (wallet → operator) under the journey's own
reference, and stored with the engine's explanation, so the rider sees what it cost and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import InvalidInput, NotFound, Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.orders import WalletCharge
from ticketing.db.models.riders import Rider
from ticketing.fares.feed import Feed
from ticketing.fares.journey import Journey, JourneyLeg, PriorCharge
from ticketing.fares.quote import quote_journey
from ticketing.service.ledger.postings import record_wallet_charge, wallet_balance

# The longest cap period (a calendar month) never looks back further than this.
CAP_LOOKBACK = timedelta(days=32)


@dataclass(frozen=True, slots=True)
class ChargeView:
    charge_id: str
    journey_ref: str
    operator_id: str
    fare_product_id: str | None
    base_minor: int
    charged_minor: int
    currency: str
    cap_ids: tuple[str, ...]
    explanation_en: tuple[str, ...]
    explanation_vi: tuple[str, ...]
    travelled_at: datetime
    status: str = "paid"  # or "owed": the wallet was short (rider debt until a top-up)
    incomplete: bool = False  # the policy fare of an entry without its exit


def charge_view(row: WalletCharge) -> ChargeView:
    return ChargeView(
        row.id,
        row.journey_ref,
        row.operator_id,
        row.fare_product_id,
        row.base_minor,
        row.charged_minor,
        row.currency,
        tuple(c for c in row.cap_ids.split(",") if c),
        tuple(row.explanation.get("en", [])),
        tuple(row.explanation.get("vi", [])),
        row.travelled_at,
        row.status,
        row.incomplete,
    )


async def charges_before(
    session: AsyncSession, rider_id: str, before: datetime, *, excluding: str | None = None
) -> tuple[PriorCharge, ...]:
    query = select(WalletCharge).where(
        WalletCharge.rider_id == rider_id,
        WalletCharge.travelled_at >= before - CAP_LOOKBACK,
        WalletCharge.travelled_at <= before,
    )
    if excluding is not None:
        query = query.where(WalletCharge.journey_ref != excluding)
    rows = await session.scalars(query.order_by(WalletCharge.travelled_at))
    return tuple(PriorCharge(r.travelled_at, r.charged_minor, r.network_id, r.leg_group_id) for r in rows)


async def charge_journey(
    session: AsyncSession,
    clock: Clock,
    feed: Feed,
    *,
    rider_id: str,
    journey_ref: str,
    legs: Sequence[JourneyLeg],
    rider_category_id: str | None = None,
    fare_media_id: str | None = None,
    allow_debt: bool = False,
    incomplete: bool = False,
) -> ChargeView:
    """Price and charge one journey; charging the same ``journey_ref`` again returns the first.

    ``allow_debt``: a ride already taken is never refused after the fact; when the wallet is short
    the charge is kept as ``owed`` (rider debt, paid by :func:`settle_debts` after a top-up).
    ``incomplete``: the legs are the policy fare of an entry whose exit is missing.
    """
    existing = await session.scalar(select(WalletCharge).where(WalletCharge.journey_ref == journey_ref))
    if existing is not None:
        if existing.rider_id != rider_id:
            raise Rejected("journey_ref_reused", "this journey was charged to another account")
        return charge_view(existing)
    if await session.get(Rider, rider_id) is None:
        raise NotFound("rider_not_found", f"no rider {rider_id}")
    if not legs:
        raise Rejected("journey_invalid", "a journey needs at least one leg")
    travelled_at = legs[0].departure
    journey = Journey(
        legs=tuple(legs),
        rider_category=rider_category_id,
        fare_media=fare_media_id,
        prior_charges=await charges_before(session, rider_id, travelled_at),
    )
    quote = quote_journey(feed, journey)
    if not quote.complete or quote.total_minor is None or quote.currency is None:
        raise Rejected("fare_unknown", "no fare applies to this journey; it cannot be charged")
    route = feed.routes.get(legs[0].route_id)
    if route is None:
        raise Rejected("fare_unknown", f"unknown route {legs[0].route_id}")
    first = quote.legs[0]
    base = quote.uncapped_total_minor if quote.uncapped_total_minor is not None else quote.total_minor
    now = clock.now()
    row = WalletCharge(
        id=new_ulid(now),
        rider_id=rider_id,
        journey_ref=journey_ref,
        operator_id=route.agency_id,
        network_id=feed.network_of_route(route.route_id),
        leg_group_id=first.leg_group_id,
        fare_product_id=first.fare_product_id,
        base_minor=max(base, quote.total_minor),
        charged_minor=quote.total_minor,
        currency=quote.currency,
        cap_ids=",".join(quote.caps_applied),
        explanation=explanation_of(quote.explanation, quote.explanation_vi, incomplete),
        travelled_at=travelled_at,
        created_at=now,
        status="paid",
        incomplete=incomplete,
    )
    session.add(row)
    await session.flush()
    if quote.total_minor > 0:
        if not allow_debt:
            await _pay(session, clock, row)
        elif not await try_pay(session, clock, row):
            row.status = "owed"
            await session.flush()
    return charge_view(row)


INCOMPLETE_EN = "No exit tap: charged the highest fare this entry can produce (policy fare); " \
    "re-priced down automatically if the exit tap arrives."
INCOMPLETE_VI = "Không có lượt chạm ra: tính giá vé cao nhất có thể từ điểm vào (giá theo quy định); " \
    "sẽ tự động tính lại thấp hơn nếu nhận được lượt chạm ra."


def explanation_of(en: Sequence[str], vi: Sequence[str], incomplete: bool) -> dict[str, Any]:
    return {
        "en": [*en, *([INCOMPLETE_EN] if incomplete else [])],
        "vi": [*vi, *([INCOMPLETE_VI] if incomplete else [])],
    }


async def _pay(session: AsyncSession, clock: Clock, row: WalletCharge) -> None:
    await record_wallet_charge(
        session,
        clock,
        charge_id=row.id,
        rider_id=row.rider_id,
        operator_id=row.operator_id,
        amount_minor=row.charged_minor,
        currency=row.currency,
    )


async def try_pay(session: AsyncSession, clock: Clock, row: WalletCharge) -> bool:
    if await wallet_balance(session, rider_id=row.rider_id, currency=row.currency) < row.charged_minor:
        return False
    try:
        async with session.begin_nested():
            await _pay(session, clock, row)
    except Rejected as exc:
        if exc.code != "insufficient_funds":
            raise
        return False
    return True


async def list_charges(
    session: AsyncSession, rider_id: str, *, before_id: str | None = None, limit: int = 20
) -> list[ChargeView]:
    """Newest journey first; ``before_id`` is the last charge of the previous page."""
    query = select(WalletCharge).where(WalletCharge.rider_id == rider_id)
    if before_id is not None:
        anchor = await session.get(WalletCharge, before_id)
        if anchor is None or anchor.rider_id != rider_id:
            raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned")
        query = query.where(
            or_(
                WalletCharge.travelled_at < anchor.travelled_at,
                and_(WalletCharge.travelled_at == anchor.travelled_at, WalletCharge.id < anchor.id),
            )
        )
    order = (WalletCharge.travelled_at.desc(), WalletCharge.id.desc())
    rows = await session.scalars(query.order_by(*order).limit(limit))
    return [charge_view(r) for r in rows]
