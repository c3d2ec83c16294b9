"""The rider's stored-value wallet: top-ups paid through the gateway, balance from the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import InvalidInput, NotFound
from ticketing.core.ids import new_ulid
from ticketing.db.models.orders import WalletTopup
from ticketing.service.ledger.postings import record_wallet_topup, wallet_balance
from ticketing.service.payments import PaymentHandlers, PaymentView, create_payment
from ticketing.service.riders.payg_adjust import settle_debts

# Policy for VND wallets (docs/rider-api.md): top-ups from 10.000 ₫ to 2.000.000 ₫, balance at most
# 5.000.000 ₫ (stored value kept small, as transit wallets are).
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


async def start_topup(
    session: AsyncSession,
    clock: Clock,
    provider: PaymentProvider,
    *,
    rider_id: str,
    amount_minor: int,
    currency: str,
    handlers: PaymentHandlers,
) -> tuple[TopupView, PaymentView]:
    if not TOPUP_MIN_MINOR <= amount_minor <= TOPUP_MAX_MINOR:
        raise InvalidInput(
            "amount_invalid", f"a top-up is between {TOPUP_MIN_MINOR} and {TOPUP_MAX_MINOR} {currency}"
        )
    if await balance(session, rider_id, currency) + amount_minor > BALANCE_MAX_MINOR:
        raise InvalidInput("amount_invalid", f"the wallet holds at most {BALANCE_MAX_MINOR} {currency}")
    now = clock.now()
    topup_id = new_ulid(now)
    row = WalletTopup(
        id=topup_id,
        rider_id=rider_id,
        status="pending_payment",
        amount_minor=amount_minor,
        currency=currency,
        payment_id=f"top_{topup_id}",
        created_at=now,
        credited_at=None,
    )
    session.add(row)
    await session.flush()
    payment = await create_payment(
        session,
        clock,
        provider,
        payment_id=row.payment_id,
        purpose="wallet_topup",
        reference_id=topup_id,
        amount_minor=amount_minor,
        currency=currency,
        description=f"vexe wallet top-up {topup_id}",
        handlers=handlers,
    )
    return _view(row), payment


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
