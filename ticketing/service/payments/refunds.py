"""Refunds: the ledger entry and the provider refund in one transaction, idempotent by refund id.

The ledger posting goes first (it refuses more than was paid and is still unearned), then the
provider is asked with the key ``vexe:refund:<refund_id>``; if anything after fails the whole
transaction rolls back and a retry with the same id gets the provider's first answer. Nothing
here waits for a ``charge.refunded`` event.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider, ProviderError
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, Rejected
from ticketing.db.models.payments import PaymentRefund
from ticketing.service.ledger.postings import record_refund, record_wallet_refund
from ticketing.service.payments.payments import payment_row, provider_failure


async def refund_payment(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, refund_id: str,
    payment_id: str, amount_minor: int, ticket_id: str | None,
) -> None:
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise InvalidInput("amount_not_positive", "a refund amount is a positive integer")
    payment = await payment_row(session, payment_id, for_update=True)
    existing = await session.get(PaymentRefund, refund_id)
    if existing is not None:
        if (existing.payment_id, existing.amount_minor, existing.ticket_id) != (
            payment_id, amount_minor, ticket_id
        ):
            raise Conflict("refund_id_reused", f"refund {refund_id} exists with another body")
        if existing.status == "succeeded":
            return
    if payment.status != "succeeded":
        raise Rejected("payment_not_succeeded", f"payment {payment_id} is {payment.status}")
    if payment.provider != provider.name or payment.provider_payment_id is None:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} is with {payment.provider}")
    refunded = int(await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(PaymentRefund.amount_minor), 0)).where(
            PaymentRefund.payment_id == payment_id, PaymentRefund.refund_id != refund_id)) or 0)
    if refunded + amount_minor > payment.amount_minor:
        raise Rejected("refund_exceeds_paid",
                       f"{amount_minor} more would refund beyond the {payment.amount_minor} paid")
    if existing is None:
        existing = PaymentRefund(
            refund_id=refund_id, payment_id=payment_id, ticket_id=ticket_id, amount_minor=amount_minor,
            currency=payment.currency, provider_refund_id=None, status="pending", created_at=clock.now(),
        )
        session.add(existing)
        await session.flush()
    if ticket_id is not None:
        await record_refund(session, clock, refund_id=refund_id, provider=payment.provider,
                            ticket_id=ticket_id, amount_minor=amount_minor, currency=payment.currency)
    elif payment.purpose == "wallet_topup":
        await record_wallet_refund(session, clock, refund_id=refund_id, provider=payment.provider,
                                   topup_ids=(payment.reference_id, payment.payment_id),
                                   amount_minor=amount_minor, currency=payment.currency)
    else:
        raise InvalidInput("ticket_required", "an order refund names the ticket it refunds")
    try:
        done = await provider.refund(
            idempotency_key=f"vexe:refund:{refund_id}", provider_payment_id=payment.provider_payment_id,
            amount_minor=amount_minor, metadata={"vexe_refund_id": refund_id, "vexe_payment_id": payment_id},
        )
    except ProviderError as exc:
        raise provider_failure(exc) from None
    existing.provider_refund_id = done.provider_refund_id
    existing.status = "succeeded" if done.status in ("succeeded", "pending") else done.status
    await session.flush()
