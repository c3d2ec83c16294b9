"""Pay-as-you-go after the first charge: re-pricing down when a journey completes late, and rider
debt (charges ``owed`` because the wallet was short) paid from the next top-up.

The price of a journey may only go down. A paid charge lowered on re-pricing returns the
difference to the wallet at once (Dr operator / Cr rider wallet, transfer code ``adjustment``,
idempotent by the charge and its new amount); an owed charge is simply lowered.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Rejected
from ticketing.core.money import format_amount
from ticketing.db.models.orders import WalletCharge
from ticketing.fares.feed import Feed
from ticketing.fares.journey import Journey, JourneyLeg
from ticketing.fares.quote import quote_journey
from ticketing.ledger import chart
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.store import post_transfers
from ticketing.service.riders.payg import ChargeView, charge_view, charges_before, explanation_of, try_pay

REPRICED_EN = "Re-priced when the missing tap arrived: {old} → {new}; the difference went back to the wallet."
REPRICED_VI = "Tính lại khi nhận được lượt chạm còn thiếu: {old} → {new}; phần chênh lệch đã hoàn vào ví."
KEPT_EN = "The missing tap arrived; the completed journey costs no less, so the charge stands."
KEPT_VI = "Đã nhận lượt chạm còn thiếu; hành trình hoàn tất không rẻ hơn nên giữ nguyên số tiền."


async def reprice_journey(
    session: AsyncSession,
    clock: Clock,
    feed: Feed,
    *,
    journey_ref: str,
    legs: Sequence[JourneyLeg],
    rider_category_id: str | None = None,
    fare_media_id: str | None = None,
) -> ChargeView:
    """Price the completed journey again; lower the charge (never raise it). Idempotent."""
    row = await session.scalar(
        sa.select(WalletCharge).where(WalletCharge.journey_ref == journey_ref).with_for_update()
    )
    if row is None:
        raise NotFound("charge_not_found", f"no charge for journey {journey_ref}")
    if not row.incomplete:
        return charge_view(row)
    quote = quote_journey(feed, Journey(
        legs=tuple(legs), rider_category=rider_category_id, fare_media=fare_media_id,
        prior_charges=await charges_before(session, row.rider_id, legs[0].departure, excluding=journey_ref),
    ))
    if not quote.complete or quote.total_minor is None or quote.currency != row.currency:
        raise Rejected("fare_unknown", "no fare applies to the completed journey")
    old = row.charged_minor
    new = min(old, quote.total_minor)
    if new < old:
        if row.status == "paid":
            await post_transfers(session, clock, [TransferSpec(
                id=f"wallet_reprice:{row.id}:{new}", debit_account=chart.operator(row.operator_id),
                credit_account=chart.rider_wallet(row.rider_id), amount_minor=old - new,
                currency=row.currency, code="adjustment", reference=row.id, operator_id=row.operator_id,
            )])
        amounts = {"old": format_amount(old, row.currency), "new": format_amount(new, row.currency)}
        note_en, note_vi = REPRICED_EN.format(**amounts), REPRICED_VI.format(**amounts)
        row.fare_product_id = quote.legs[0].fare_product_id if quote.legs else row.fare_product_id
        row.cap_ids = ",".join(quote.caps_applied)
    else:
        note_en, note_vi = KEPT_EN, KEPT_VI
    text = explanation_of(quote.explanation, quote.explanation_vi, False)
    row.explanation = {"en": [*text["en"], note_en], "vi": [*text["vi"], note_vi]}
    row.charged_minor = new
    row.incomplete = False
    await session.flush()
    return charge_view(row)


async def outstanding_debt(session: AsyncSession, rider_id: str) -> int:
    """What the rider owes for rides the wallet could not pay (minor units)."""
    owed = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(WalletCharge.charged_minor), 0)).where(
            WalletCharge.rider_id == rider_id, WalletCharge.status == "owed"
        )
    )
    return int(owed or 0)


async def settle_debts(session: AsyncSession, clock: Clock, rider_id: str) -> int:
    """Pay owed charges oldest first while the wallet covers them; returns the debt left."""
    rows = (await session.scalars(
        sa.select(WalletCharge)
        .where(WalletCharge.rider_id == rider_id, WalletCharge.status == "owed")
        .order_by(WalletCharge.travelled_at, WalletCharge.id)
        .with_for_update()
    )).all()
    for row in rows:
        if not await try_pay(session, clock, row):
            break
        row.status = "paid"
    await session.flush()
    return await outstanding_debt(session, rider_id)
