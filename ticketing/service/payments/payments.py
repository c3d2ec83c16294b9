"""Creating payments and applying the provider's word on them, exactly once.

``apply_provider_state`` is the one place a provider's answer changes our books. The request
paths and the upkeep call the provider with no transaction open (intents.py, refunds.py,
event_effects.py); ``create_payment``, ``cancel_payment`` and ``sync_payment`` here call it
inside the caller's transaction and remain for tools and tests only. The sandbox confirmation
runs in-process (no outside call), so it stays inside its transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentDeclined, PaymentProvider, ProviderError, ProviderPayment
from gateway.sandbox import SandboxProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, PaymentFailed, Rejected, Unavailable
from ticketing.core.money import UnknownCurrencyError, currency_exponent
from ticketing.db.models.payments import Payment
from ticketing.db.statements import execute_count
from ticketing.service.ledger.postings import record_psp_fee
from ticketing.service.payments.handlers import FailureOutcome, PaymentHandlers
from ticketing.service.payments.view import PaymentView as PaymentView
from ticketing.service.payments.view import Purpose

log = logging.getLogger("vexe.payments")

IDEMPOTENCY_PREFIX = {"order": "vexe:order:", "wallet_topup": "vexe:topup:"}


def provider_failure(exc: ProviderError) -> Exception:
    """Our error for a provider's refusal or outage."""
    if isinstance(exc, PaymentDeclined):
        return PaymentFailed("payment_declined", exc.detail)
    return Unavailable("payment_provider_unavailable", exc.detail)


def _fingerprint(purpose: str, reference_id: str, amount_minor: int, currency: str) -> str:
    body = json.dumps([purpose, reference_id, amount_minor, currency])
    return hashlib.sha256(body.encode()).hexdigest()


async def get_payment(session: AsyncSession, payment_id: str) -> PaymentView:
    """The payment as callers see it; NotFound when there is none."""
    return PaymentView.of(await payment_row(session, payment_id))


async def payment_row(session: AsyncSession, payment_id: str, *, for_update: bool = False) -> Payment:
    stmt = sa.select(Payment).where(Payment.payment_id == payment_id).execution_options(
        populate_existing=True)
    if for_update:
        stmt = stmt.with_for_update()
    row = await session.scalar(stmt)
    if row is None:
        raise NotFound("payment_not_found", f"no payment {payment_id}")
    return row


async def checked_request(
    session: AsyncSession, *, payment_id: str, purpose: str, reference_id: str, amount_minor: int,
    currency: str,
) -> tuple[str, PaymentView | None]:
    """A payment request checked: (its fingerprint, the payment already under ``payment_id`` for
    the same request, or None). Another body under the id is a Conflict."""
    if purpose not in IDEMPOTENCY_PREFIX:
        raise InvalidInput("payment_purpose_unknown", f"unknown purpose {purpose!r}")
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise InvalidInput("amount_not_positive", "a payment amount is a positive integer")
    try:
        currency_exponent(currency)
    except UnknownCurrencyError as exc:
        raise InvalidInput("currency_unknown", str(exc)) from None
    fingerprint = _fingerprint(purpose, reference_id, amount_minor, currency)
    existing = await session.get(Payment, payment_id)
    if existing is None:
        return fingerprint, None
    if existing.fingerprint != fingerprint:
        raise Conflict("payment_id_reused", f"payment {payment_id} exists with another body")
    return fingerprint, PaymentView.of(existing)


async def create_payment(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, payment_id: str,
    purpose: Purpose, reference_id: str, amount_minor: int, currency: str, description: str,
    handlers: PaymentHandlers,
) -> PaymentView:
    """Idempotent by ``payment_id``: the same request returns the first payment, another body
    under the same id is a Conflict. The provider sees the key ``vexe:order:<payment_id>``."""
    fingerprint, existing_view = await checked_request(
        session, payment_id=payment_id, purpose=purpose, reference_id=reference_id,
        amount_minor=amount_minor, currency=currency,
    )
    if existing_view is not None:
        return existing_view
    try:
        created = await provider.create_payment(
            idempotency_key=f"{IDEMPOTENCY_PREFIX[purpose]}{payment_id}", amount_minor=amount_minor,
            currency=currency, description=description,
            # Only what the payment id determines: two racing attempts that derived the same
            # payment id send identical parameters, so the provider answers both with one object.
            metadata={"vexe_payment_id": payment_id, "vexe_purpose": purpose},
        )
    except ProviderError as exc:
        raise provider_failure(exc) from None
    row = Payment(
        payment_id=payment_id, purpose=purpose, reference_id=reference_id, provider=provider.name,
        provider_payment_id=created.provider_payment_id, provider_charge_id=created.charge_id,
        client_secret=created.client_secret, amount_minor=amount_minor, currency=currency,
        description=description[:255],
        status="pending" if created.status == "succeeded" else created.status, fingerprint=fingerprint,
        created_at=clock.now(), succeeded_at=None,
    )
    session.add(row)
    await session.flush()
    return await apply_provider_state(session, clock, provider, row, created, handlers)


async def apply_provider_state(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, row: Payment,
    fetched: ProviderPayment, handlers: PaymentHandlers, *, fee_minor: int | None = None,
) -> PaymentView:
    """Move our payment to what the provider says. Success is applied once: the status flips by a
    conditional update, and only the writer that flipped it runs the purpose's handler.
    ``fee_minor``: the provider's fee fetched beforehand (so no provider call happens here)."""
    if fetched.provider_payment_id != row.provider_payment_id:
        raise Conflict("payment_mismatch", "the provider object belongs to another payment")
    if fetched.status == "succeeded":
        if (fetched.amount_minor, fetched.currency) != (row.amount_minor, row.currency):
            raise Conflict("payment_amount_mismatch",
                           f"provider says {fetched.amount_minor} {fetched.currency}, we asked "
                           f"{row.amount_minor} {row.currency}")
        handler = handlers.succeeded.get(row.purpose)
        if handler is None:
            raise Unavailable("payment_handler_missing", f"nothing handles {row.purpose} payments")
        fee = 0
        if row.status != "succeeded":
            fee = fee_minor if fee_minor is not None else await provider.fee_for(fetched.provider_payment_id)
        now = clock.now()
        flipped = await execute_count(session, sa.update(Payment).where(
            Payment.payment_id == row.payment_id, Payment.status != "succeeded",
        ).values(status="succeeded", succeeded_at=now, provider_charge_id=fetched.charge_id))
        if flipped:
            await session.refresh(row)
            await handler(session, PaymentView.of(row))
            if fee > 0:
                await record_psp_fee(session, clock, fee_id=row.payment_id, provider=row.provider,
                                     amount_minor=fee, currency=row.currency)
    elif fetched.status in ("failed", "canceled"):
        await apply_failure(session, row, fetched, handlers)
    elif fetched.status in ("processing", "requires_action"):
        await session.execute(sa.update(Payment).where(
            Payment.payment_id == row.payment_id, Payment.status.not_in(_DECIDED),
        ).values(status=fetched.status))
    await session.refresh(row)
    return PaymentView.of(row)


_DECIDED = ("succeeded", "failed", "canceled")


async def apply_failure(
    session: AsyncSession, row: Payment, fetched: ProviderPayment, handlers: PaymentHandlers
) -> None:
    """failed/canceled: never over a success; the purpose's failure handler runs only for the
    writer that moved the payment out of an undecided state (so once). failed -> canceled later
    just records the new status."""
    outcome: FailureOutcome = "canceled" if fetched.status == "canceled" else "failed"
    handler = handlers.failed.get(row.purpose)
    if handler is None:
        raise Unavailable("payment_handler_missing", f"nothing handles failed {row.purpose} payments")
    flipped = await execute_count(session, sa.update(Payment).where(
        Payment.payment_id == row.payment_id, Payment.status.not_in(_DECIDED),
    ).values(status=outcome))
    if flipped:
        await session.refresh(row)
        await handler(session, PaymentView.of(row), outcome, fetched.failure_code)
    elif outcome == "canceled":
        await session.execute(sa.update(Payment).where(
            Payment.payment_id == row.payment_id, Payment.status == "failed",
        ).values(status="canceled"))


async def cancel_payment(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, payment_id: str,
    handlers: PaymentHandlers,
) -> PaymentView:
    """Cancel a payment not yet succeeded at the provider, then apply what the provider says.
    Idempotent. If it succeeded meanwhile the provider refuses the cancel; the success is then
    applied instead (the caller sees ``status == "succeeded"``)."""
    row = await payment_row(session, payment_id, for_update=True)
    if row.status in ("succeeded", "canceled"):
        return PaymentView.of(row)
    if row.provider != provider.name or row.provider_payment_id is None:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} is with {row.provider}")
    try:
        fetched = await provider.cancel_payment(row.provider_payment_id)
    except PaymentDeclined as exc:
        raise provider_failure(exc) from None
    except ProviderError:
        try:
            fetched = await provider.fetch_payment(row.provider_payment_id)
        except ProviderError as exc:
            raise provider_failure(exc) from None
    return await apply_provider_state(session, clock, provider, row, fetched, handlers)


async def sync_payment(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, payment_id: str,
    handlers: PaymentHandlers,
) -> PaymentView:
    """Re-fetch the payment from the provider and apply what it says."""
    row = await payment_row(session, payment_id)
    if row.provider != provider.name or row.provider_payment_id is None:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} is with {row.provider}")
    try:
        fetched = await provider.fetch_payment(row.provider_payment_id)
    except ProviderError as exc:
        raise provider_failure(exc) from None
    return await apply_provider_state(session, clock, provider, row, fetched, handlers)


async def confirm_sandbox_payment(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, payment_id: str,
    handlers: PaymentHandlers, decline: bool = False,
) -> PaymentView:
    """The sandbox's stand-in for the card sheet (``decline=True``: the card is refused, the
    payment becomes failed). Idempotent; refused for any real provider."""
    if not isinstance(provider, SandboxProvider):
        raise Rejected("sandbox_only", "payments are confirmed by the provider, not by this call")
    row = await payment_row(session, payment_id)
    if row.status == "succeeded":
        return PaymentView.of(row)
    if row.provider != provider.name or row.provider_payment_id is None:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} is with {row.provider}")
    try:
        confirmed = await provider.confirm(row.provider_payment_id, decline=decline)
    except PaymentDeclined:
        confirmed = await provider.fetch_payment(row.provider_payment_id)
    except ProviderError as exc:
        raise provider_failure(exc) from None
    return await apply_provider_state(session, clock, provider, row, confirmed, handlers)
