"""The ``sandbox`` provider for the embedded default: no network, no card.

A payment waits until the app calls ``sandbox-confirm`` (standing in for the card sheet). It keeps
its own small balance history so reconciliation has something to compare with, and lets tests
and demos open disputes and make payouts. State lives in this process only; production refuses
the sandbox (vexe/settings.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime

from gateway.port import (
    BalanceTransaction,
    PaymentDeclined,
    ProviderDispute,
    ProviderError,
    ProviderPayment,
    ProviderPayout,
    ProviderRefund,
)
from ticketing.core.clock import Clock
from ticketing.ledger.apportion import fee_minor


def _short(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:24]


class SandboxProvider:
    name = "sandbox"

    def __init__(self, clock: Clock, *, fee_bps: int = 0) -> None:
        self._clock = clock
        self._fee_bps = fee_bps
        self._payments: dict[str, ProviderPayment] = {}
        self._refunds: dict[str, ProviderRefund] = {}
        self._disputes: dict[str, ProviderDispute] = {}
        self._payouts: dict[str, ProviderPayout] = {}
        self._history: list[BalanceTransaction] = []
        self._fees: dict[str, int] = {}

    def _txn(self, kind: str, source: str, amount: int, fee: int, currency: str) -> None:
        self._history.append(BalanceTransaction(
            id=f"sbx_txn_{len(self._history) + 1:08d}", type=kind, source=source, amount_minor=amount,
            fee_minor=fee, currency=currency, created_at=self._clock.now(),
        ))

    async def create_payment(
        self, *, idempotency_key: str, amount_minor: int, currency: str, description: str,
        metadata: dict[str, str],
    ) -> ProviderPayment:
        pid = f"sbx_pi_{_short(idempotency_key)}"
        existing = self._payments.get(pid)
        if existing is not None:
            return existing
        payment = ProviderPayment(
            provider_payment_id=pid, status="requires_confirmation", amount_minor=amount_minor,
            currency=currency, client_secret=f"{pid}_secret", metadata=dict(metadata),
        )
        self._payments[pid] = payment
        return payment

    async def confirm(self, provider_payment_id: str, *, decline: bool = False) -> ProviderPayment:
        """The rider's confirmation. Idempotent once decided."""
        payment = await self.fetch_payment(provider_payment_id)
        if payment.status in ("succeeded", "canceled"):
            return payment
        if decline:
            if payment.status != "failed":
                self._payments[provider_payment_id] = replace(
                    payment, status="failed", failure_code="card_declined")
            raise PaymentDeclined("card_declined", "the sandbox declined the payment")
        charge_id = provider_payment_id.replace("sbx_pi_", "sbx_ch_")
        fee = fee_minor(payment.amount_minor, self._fee_bps)
        self._fees[provider_payment_id] = fee
        done = replace(payment, status="succeeded", charge_id=charge_id)
        self._payments[provider_payment_id] = done
        self._txn("charge", charge_id, payment.amount_minor, fee, payment.currency)
        return done

    async def cancel_payment(self, provider_payment_id: str) -> ProviderPayment:
        payment = await self.fetch_payment(provider_payment_id)
        if payment.status == "canceled":
            return payment
        if payment.status == "succeeded":
            raise ProviderError("provider_invalid_request", "a succeeded payment cannot be canceled")
        canceled = replace(payment, status="canceled")
        self._payments[provider_payment_id] = canceled
        return canceled

    async def fetch_payment(self, provider_payment_id: str) -> ProviderPayment:
        payment = self._payments.get(provider_payment_id)
        if payment is None:
            raise ProviderError("provider_invalid_request", f"no such payment {provider_payment_id}")
        return payment

    async def fee_for(self, provider_payment_id: str) -> int:
        return self._fees.get(provider_payment_id, 0)

    async def refund(
        self, *, idempotency_key: str, provider_payment_id: str, amount_minor: int,
        metadata: dict[str, str],
    ) -> ProviderRefund:
        rid = f"sbx_re_{_short(idempotency_key)}"
        if rid in self._refunds:
            return self._refunds[rid]
        payment = await self.fetch_payment(provider_payment_id)
        if payment.status != "succeeded":
            raise ProviderError("provider_invalid_request", "only a succeeded payment can be refunded")
        refunded = sum(r.amount_minor for r in self._refunds.values()
                       if r.provider_payment_id == provider_payment_id)
        if refunded + amount_minor > payment.amount_minor:
            raise ProviderError("provider_invalid_request", "refund exceeds the payment")
        refund = ProviderRefund(rid, provider_payment_id, amount_minor, payment.currency, "succeeded")
        self._refunds[rid] = refund
        self._txn("refund", rid, -amount_minor, 0, payment.currency)
        return refund

    async def fetch_refund(self, provider_refund_id: str) -> ProviderRefund:
        refund = self._refunds.get(provider_refund_id)
        if refund is None:
            raise ProviderError("provider_invalid_request", f"no such refund {provider_refund_id}")
        return refund

    def open_dispute(self, provider_payment_id: str, *, status: str = "needs_response",
                     fee_minor: int = 0) -> ProviderDispute:
        """Test and demo hook: the cardholder disputes the whole payment."""
        payment = self._payments[provider_payment_id]
        dispute = ProviderDispute(
            dispute_id=f"sbx_dp_{_short(provider_payment_id)}", provider_payment_id=provider_payment_id,
            amount_minor=payment.amount_minor, currency=payment.currency, status=status, fee_minor=fee_minor,
        )
        self._disputes[dispute.dispute_id] = dispute
        self._txn("adjustment", dispute.dispute_id, -payment.amount_minor, fee_minor, payment.currency)
        return dispute

    def close_dispute(self, dispute_id: str, *, won: bool) -> ProviderDispute:
        dispute = replace(self._disputes[dispute_id], status="won" if won else "lost")
        self._disputes[dispute_id] = dispute
        if won:
            self._txn("adjustment", dispute_id, dispute.amount_minor, 0, dispute.currency)
        return dispute

    async def fetch_dispute(self, dispute_id: str) -> ProviderDispute:
        dispute = self._disputes.get(dispute_id)
        if dispute is None:
            raise ProviderError("provider_invalid_request", f"no such dispute {dispute_id}")
        return dispute

    def make_payout(self, amount_minor: int, currency: str, *, status: str = "paid") -> ProviderPayout:
        """Test and demo hook: money leaves the PSP balance for the bank."""
        payout = ProviderPayout(f"sbx_po_{len(self._payouts) + 1:08d}", amount_minor, currency, status)
        self._payouts[payout.payout_id] = payout
        self._txn("payout", payout.payout_id, -amount_minor, 0, currency)
        return payout

    def fail_payout(self, payout_id: str) -> ProviderPayout:
        """Test and demo hook: the bank returned the payout; the money is back in the balance."""
        payout = replace(self._payouts[payout_id], status="failed")
        self._payouts[payout_id] = payout
        self._txn("payout_failure", payout_id, payout.amount_minor, 0, payout.currency)
        return payout

    async def fetch_payout(self, payout_id: str) -> ProviderPayout:
        payout = self._payouts.get(payout_id)
        if payout is None:
            raise ProviderError("provider_invalid_request", f"no such payout {payout_id}")
        return payout

    async def list_balance_transactions(
        self, *, created_from: datetime, created_until: datetime
    ) -> list[BalanceTransaction]:
        return [t for t in self._history if created_from <= t.created_at < created_until]

    async def aclose(self) -> None:
        return None
