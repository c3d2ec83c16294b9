"""Money-moving events that are not a purchase: lost disputes and payouts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import ProviderDispute, ProviderPayout
from ticketing.core.clock import Clock
from ticketing.db.models.ledger import LedgerTicket, LedgerTransfer
from ticketing.db.statements import execute_count, table_of
from ticketing.ledger import chart
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.store import post_transfers
from ticketing.service.payments.view import PaymentView

_tickets = table_of(LedgerTicket)


async def apply_lost_dispute(
    session: AsyncSession, clock: Clock, payment: PaymentView, dispute: ProviderDispute
) -> None:
    """Lost dispute = reversal plus fee. What is still unearned of the payment's tickets is
    reversed (Dr unearned / Cr psp, the tickets count as refunded); what was already recognised
    or is not a ticket becomes a chargeback expense; the dispute fee is a PSP fee."""
    psp = chart.psp(payment.provider)
    ref = dispute.dispute_id
    left = dispute.amount_minor
    t = _tickets.c
    tickets = (await session.execute(
        sa.select(t.ticket_id, t.amount_minor, t.refunded_minor, t.recognised_minor, t.broken_minor)
        .where(t.sale_id.in_([payment.payment_id, payment.reference_id])).order_by(t.ticket_id)
    )).all()
    async with session.begin_nested():
        for ticket in tickets:
            unearned = int(ticket.amount_minor - ticket.refunded_minor - ticket.recognised_minor
                           - ticket.broken_minor)
            take = min(unearned, left)
            if take <= 0:
                continue
            posted = await post_transfers(session, clock, [TransferSpec(
                id=f"dispute:{ref}:{ticket.ticket_id}", debit_account=chart.UNEARNED, credit_account=psp,
                amount_minor=take, currency=dispute.currency, code="dispute_reversal", reference=ref,
                ticket_id=ticket.ticket_id,
            )])
            if posted[0].replayed:
                continue
            left -= take
            await session.execute(sa.update(_tickets).where(t.ticket_id == ticket.ticket_id).values(
                refunded_minor=t.refunded_minor + take))
            await execute_count(session, sa.update(_tickets).where(
                t.ticket_id == ticket.ticket_id, t.refunded_minor == t.amount_minor).values(state="refunded"))
        reversed_minor = int(await session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(LedgerTransfer.amount_minor), 0)).where(
                LedgerTransfer.reference == ref, LedgerTransfer.code == "dispute_reversal")) or 0)
        group: list[TransferSpec] = []
        chargeback = dispute.amount_minor - reversed_minor
        if chargeback > 0:
            group.append(TransferSpec(
                id=f"dispute:{ref}:chargeback", debit_account=chart.CHARGEBACKS, credit_account=psp,
                amount_minor=chargeback, currency=dispute.currency, code="chargeback", reference=ref,
            ))
        if dispute.fee_minor > 0:
            group.append(TransferSpec(
                id=f"dispute:{ref}:fee", debit_account=chart.PSP_FEES, credit_account=psp,
                amount_minor=dispute.fee_minor, currency=dispute.currency, code="dispute_fee", reference=ref,
            ))
        if group:
            await post_transfers(session, clock, group)


async def apply_payout(session: AsyncSession, clock: Clock, provider: str, payout: ProviderPayout) -> str:
    """Paid → Dr bank / Cr psp. Failed after being paid → the reverse. Idempotent by payout id."""
    psp = chart.psp(provider)
    paid = TransferSpec(
        id=f"payout:{payout.payout_id}", debit_account=chart.BANK, credit_account=psp,
        amount_minor=payout.amount_minor, currency=payout.currency, code="payout",
        reference=payout.payout_id,
    )
    if payout.status == "paid":
        await post_transfers(session, clock, [paid])
        return "payout_recorded"
    if payout.status in ("failed", "canceled"):
        recorded = await session.get(LedgerTransfer, paid.id)
        if recorded is None:
            return "payout_not_recorded"
        await post_transfers(session, clock, [TransferSpec(
            id=f"payout_failed:{payout.payout_id}", debit_account=psp, credit_account=chart.BANK,
            amount_minor=payout.amount_minor, currency=payout.currency, code="payout",
            reference=payout.payout_id,
        )])
        return "payout_reversed"
    return f"payout_{payout.status}"
