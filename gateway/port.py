"""The payment provider port: what vexe needs from a PSP, in our own types.

Amounts are int minor units of the currency per ``ticketing.core.money``; adapters convert to
and from the provider's units. Provider errors surface as :class:`ProviderError` (a refused card
as :class:`PaymentDeclined`), never as the provider library's own exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

PaymentStatus = Literal[
    "requires_confirmation", "requires_action", "processing", "succeeded", "failed", "canceled"
]


class ProviderError(Exception):
    """The provider could not do what was asked (network, bad request, unknown object)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class PaymentDeclined(ProviderError):
    """The payment method was refused (e.g. card declined)."""


@dataclass(frozen=True, slots=True)
class ProviderPayment:
    provider_payment_id: str
    status: PaymentStatus
    amount_minor: int
    currency: str
    client_secret: str | None = None
    charge_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    failure_code: str | None = None  # the provider's decline/error code of the last failed attempt


@dataclass(frozen=True, slots=True)
class ProviderRefund:
    provider_refund_id: str
    provider_payment_id: str
    amount_minor: int
    currency: str
    status: str


@dataclass(frozen=True, slots=True)
class ProviderDispute:
    dispute_id: str
    provider_payment_id: str
    amount_minor: int
    currency: str
    status: str  # warning_needs_response | needs_response | under_review | won | lost
    fee_minor: int


@dataclass(frozen=True, slots=True)
class ProviderPayout:
    payout_id: str
    amount_minor: int
    currency: str
    status: str  # pending | in_transit | paid | failed | canceled


@dataclass(frozen=True, slots=True)
class BalanceTransaction:
    """One line of the provider's own books: what moved in the PSP balance and why."""

    id: str
    type: str  # charge | refund | payout | adjustment | ...
    source: str  # the provider object: charge, refund, payout or dispute id
    amount_minor: int  # signed: money in is positive
    fee_minor: int
    currency: str
    created_at: datetime

    @property
    def net_minor(self) -> int:
        return self.amount_minor - self.fee_minor


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """A verified provider event, reduced to what we act on; the object is re-fetched before use."""

    event_id: str
    type: str
    object_type: str
    object_id: str
    created_at: datetime
    payload: dict[str, Any]


class PaymentProvider(Protocol):
    """One PSP. ``name`` is the ledger's ``assets:psp:<name>`` account suffix."""

    name: str

    async def create_payment(
        self, *, idempotency_key: str, amount_minor: int, currency: str, description: str,
        metadata: dict[str, str],
    ) -> ProviderPayment:
        """Create a payment awaiting the rider's confirmation; idempotent by ``idempotency_key``."""
        ...

    async def fetch_payment(self, provider_payment_id: str) -> ProviderPayment: ...

    async def cancel_payment(self, provider_payment_id: str) -> ProviderPayment:
        """Cancel a payment not yet succeeded; idempotent (an already canceled one is returned).
        Raises ProviderError when it cannot be canceled (e.g. it succeeded meanwhile)."""
        ...

    async def refund(
        self, *, idempotency_key: str, provider_payment_id: str, amount_minor: int,
        metadata: dict[str, str],
    ) -> ProviderRefund:
        """Refund part or all of a payment; idempotent by ``idempotency_key``."""
        ...

    async def fetch_refund(self, provider_refund_id: str) -> ProviderRefund: ...

    async def fetch_dispute(self, dispute_id: str) -> ProviderDispute: ...

    async def fetch_payout(self, payout_id: str) -> ProviderPayout: ...

    async def fee_for(self, provider_payment_id: str) -> int:
        """The provider's fee on a succeeded payment, in minor units (0 when none)."""
        ...

    async def list_balance_transactions(
        self, *, created_from: datetime, created_until: datetime
    ) -> list[BalanceTransaction]: ...

    async def aclose(self) -> None: ...
