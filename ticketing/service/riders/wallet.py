"""The rider's stored-value wallet: top-ups paid through the gateway, balance from the ledger."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.orders import WalletTopup
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.ledger.postings import record_wallet_topup, wallet_balance
from ticketing.service.payments import PaymentHandlers, PaymentView
from ticketing.service.payments.intents import complete_payment, prepare_payment
from ticketing.service.riders.payg_adjust import settle_debts

# Policy for VND wallets (docs/rider-api.md): top-ups from 10.000 ₫ to 2.000.000 ₫, balance at most
# 5.000.000 ₫ (stored value kept small, as transit wallets are), counting top-ups awaiting payment.
TOPUP_MIN_MINOR = 10_000
TOPUP_MAX_MINOR = 2_000_000
BALANCE_MAX_MINOR = 5_000_000


@dataclass(frozen=True, slots=True)
class TopupView:
    topup_id: str
    status: str
    amount_minor: int
    currency: str
    payment_id: str
    created_at: datetime
    credited_at: datetime | None


def _view(row: WalletTopup) -> TopupView:
    return TopupView(
        row.id, row.status, row.amount_minor, row.currency, row.payment_id, row.created_at, row.credited_at
    )


async def balance(session: AsyncSession, rider_id: str, currency: str) -> int:
    return await wallet_balance(session, rider_id=rider_id, currency=currency)


def attempt_topup_payment_id(rider_id: str, idempotency_key: str) -> str:
    """The payment id of the top-up an attempt creates, derived from its Idempotency-Key alone,
    so every retry of the attempt (and the provider's idempotency key) names the same top-up."""
    digest = hashlib.sha256(f"topup\n{rider_id}\n{idempotency_key}".encode()).hexdigest()
    return f"top_k{digest[:48]}"


async def pending_topups_minor(session: AsyncSession, rider_id: str, currency: str) -> int:
    """What the rider's top-ups still awaiting payment would add to the wallet."""
    total = await session.scalar(select(func.coalesce(func.sum(WalletTopup.amount_minor), 0)).where(
        WalletTopup.rider_id == rider_id, WalletTopup.currency == currency,
        WalletTopup.status == "pending_payment"))
    return int(total or 0)


async def _intent(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, rider_id: str, amount_minor: int,
    currency: str, payment_id: str | None,
) -> WalletTopup:
    """Step 1: the top-up and its payment intent (or the attempt's existing top-up)."""
    if not TOPUP_MIN_MINOR <= amount_minor <= TOPUP_MAX_MINOR:
        raise InvalidInput(
            "amount_invalid", f"a top-up is between {TOPUP_MIN_MINOR} and {TOPUP_MAX_MINOR} {currency}"
        )
    if payment_id is not None:
        existing = await session.scalar(select(WalletTopup).where(WalletTopup.payment_id == payment_id))
        if existing is not None:
            if (existing.rider_id, existing.amount_minor, existing.currency) != (
                rider_id, amount_minor, currency
            ):
                raise Conflict("idempotency_key_reused",
                               "this Idempotency-Key was used with a different request")
            return existing
    held = await balance(session, rider_id, currency)
    held += await pending_topups_minor(session, rider_id, currency)
    if held + amount_minor > BALANCE_MAX_MINOR:
        raise Rejected(
            "wallet_cap_exceeded",
            f"the wallet holds at most {BALANCE_MAX_MINOR} {currency}, top-ups awaiting payment included",
        )
    now = clock.now()
    topup_id = new_ulid(now)
    row = WalletTopup(
        id=topup_id, rider_id=rider_id, status="pending_payment", amount_minor=amount_minor,
        currency=currency, payment_id=payment_id or f"top_{topup_id}", created_at=now, credited_at=None,
    )
    session.add(row)
    await session.flush()
    await prepare_payment(
        session, clock, provider, payment_id=row.payment_id, purpose="wallet_topup",
        reference_id=topup_id, amount_minor=amount_minor, currency=currency,
        description=f"vexe wallet top-up {topup_id}",
    )
    return row


async def start_topup(
    unit_of_work: UnitOfWorkFactory,
    clock: Clock,
    provider: PaymentProvider,
    *,
    rider_id: str,
    amount_minor: int,
    currency: str,
    handlers: PaymentHandlers,
    idempotency_key: str | None = None,
) -> tuple[TopupView, PaymentView]:
    """A top-up: the intent is committed, then the provider is asked (no transaction open), then
    its answer is recorded. With ``idempotency_key`` a retry returns the same top-up and resumes
    an attempt cut off before the provider answered."""
    payment_id = attempt_topup_payment_id(rider_id, idempotency_key) if idempotency_key else None
    for attempt in range(2):
        try:
            async with unit_of_work() as uow:
                row = await _intent(uow.session, clock, provider, rider_id=rider_id,
                                    amount_minor=amount_minor, currency=currency, payment_id=payment_id)
                topup_id, topup_payment_id = row.id, row.payment_id
            break
        except IntegrityError:  # a concurrent retry of this attempt wrote it first: the same top-up
            if attempt or idempotency_key is None:
                raise
    payment = await complete_payment(unit_of_work, clock, provider, handlers, topup_payment_id)
    async with unit_of_work() as uow:
        fresh = await uow.session.get(WalletTopup, topup_id, populate_existing=True)
        assert fresh is not None
        return _view(fresh), payment


async def credit_topup(session: AsyncSession, clock: Clock, *, topup_id: str, provider: str) -> None:
    """Called once the top-up's payment succeeded; the ledger transfer id makes it idempotent."""
    row = await session.get(WalletTopup, topup_id, with_for_update=True)
    if row is None:
        raise NotFound("topup_not_found", f"no top-up {topup_id}")
    await record_wallet_topup(
        session,
        clock,
        topup_id=topup_id,
        provider=provider,
        rider_id=row.rider_id,
        amount_minor=row.amount_minor,
        currency=row.currency,
    )
    if row.status != "credited":
        row.status = "credited"
        row.credited_at = clock.now()
        await session.flush()
    # Pay-as-you-go rides the wallet could not pay are paid first (oldest first).
    await settle_debts(session, clock, row.rider_id)


async def get_topup(session: AsyncSession, rider_id: str, topup_id: str) -> TopupView:
    row = await session.get(WalletTopup, topup_id)
    if row is None or row.rider_id != rider_id:
        raise NotFound("topup_not_found", f"no top-up {topup_id}")
    return _view(row)


async def list_topups(session: AsyncSession, rider_id: str, limit: int = 5) -> list[TopupView]:
    rows = await session.scalars(
        select(WalletTopup)
        .where(WalletTopup.rider_id == rider_id)
        .order_by(WalletTopup.id.desc())
        .limit(limit)
    )
    return [_view(r) for r in rows]
