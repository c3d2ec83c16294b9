"""What callers see of a payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ticketing.db.models.payments import Payment

Purpose = Literal["order", "wallet_topup"]


@dataclass(frozen=True, slots=True)
class PaymentView:
    payment_id: str
    purpose: str
    reference_id: str
    status: str
    provider: str
    provider_payment_id: str | None
    client_secret: str | None
    amount_minor: int
    currency: str
    succeeded_at: datetime | None

    @classmethod
    def of(cls, row: Payment) -> PaymentView:
        return cls(
            payment_id=row.payment_id, purpose=row.purpose, reference_id=row.reference_id,
            status=row.status, provider=row.provider, provider_payment_id=row.provider_payment_id,
            client_secret=row.client_secret, amount_minor=row.amount_minor, currency=row.currency,
            succeeded_at=row.succeeded_at,
        )
