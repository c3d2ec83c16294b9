"""What the ticket service hands back: plain dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketing.db.models.tickets import Ticket


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket_id: str
    code: str  # the exact QR payload
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str | None
    valid_from: datetime
    valid_until: datetime
    amount_minor: int
    currency: str
    status: str
    kind: str  # "single" | "pass"
    rides_allowed: int | None
    activation_days: int | None
    kid: str
    holder_id: str | None
    order_id: str | None
    device_key_id: str | None
    issued_at: datetime
    first_used_at: datetime | None

    def contract_json(self) -> dict[str, Any]:
        """The ``vexe tickets issue --json`` document (docs/decisions.md §10, plus a few extra fields)."""
        return {
            "ticket_id": self.ticket_id,
            "code": self.code,
            "fare_product_id": self.fare_product_id,
            "rider_category_id": self.rider_category_id,
            "fare_media_id": self.fare_media_id,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "kind": self.kind,
            "status": self.status,
        }


def view(row: Ticket) -> IssuedTicket:
    return IssuedTicket(
        ticket_id=row.ticket_id,
        code=row.code,
        fare_product_id=row.fare_product_id,
        rider_category_id=row.rider_category_id,
        fare_media_id=row.fare_media_id,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        amount_minor=row.amount_minor,
        currency=row.currency,
        status=row.status,
        kind=row.kind,
        rides_allowed=row.rides_allowed,
        activation_days=row.activation_days,
        kid=row.kid,
        holder_id=row.holder_id,
        order_id=row.order_id,
        device_key_id=row.device_key_id,
        issued_at=row.issued_at,
        first_used_at=row.first_used_at,
    )
