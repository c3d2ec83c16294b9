"""Wallet and refund bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mobile_api.schemas.common import LocalTime, StrictIn
from mobile_api.schemas.orders import PaymentOut


class TopupIn(StrictIn):
    amount_minor: int = Field(ge=1, le=10**9, description="Minor units of the feed's currency (VND: đồng)")


class TopupOut(BaseModel):
    topup_id: str
    status: str = Field(description="pending_payment | credited | failed")
    amount_minor: int
    currency: str
    created_at: LocalTime
    credited_at: LocalTime | None
    payment: PaymentOut


class ChargeOut(BaseModel):
    charge_id: str
    journey_ref: str
    operator_id: str
    fare_product_id: str | None
    base_minor: int = Field(description="The fare before caps")
    charged_minor: int = Field(description="What the wallet paid (best fare)")
    currency: str
    caps_applied: list[str]
    explanation: list[str]
    travelled_at: LocalTime
    status: str = Field(description="paid | owed (the wallet was short: paid by the next top-up)")
    incomplete: bool = Field(description="Charged the policy fare: no exit tap yet")


class WalletOut(BaseModel):
    currency: str
    balance_minor: int
    balance_display: str
    owed_minor: int = Field(description="Pay-as-you-go rides the wallet could not pay (rider debt)")
    recent_topups: list[TopupOut]
    recent_charges: list[ChargeOut]


class ChargePage(BaseModel):
    items: list[ChargeOut]
    next: str | None


class RefundIn(StrictIn):
    ticket_id: str = Field(min_length=1, max_length=26)
    reason: str = Field(default="rider request", max_length=255)


class RefundOut(BaseModel):
    refund_id: str
    ticket_id: str
    order_id: str
    amount_minor: int
    currency: str
    status: str
    created_at: LocalTime


class RefundPage(BaseModel):
    items: list[RefundOut]
    next: str | None


class AccountTicketIn(StrictIn):
    device_key_id: str = Field(
        min_length=1, max_length=40, description="The rider's registered phone key (POST /v1/device-keys)"
    )


class AccountTicketOut(BaseModel):
    ticket_id: str
    code: str = Field(description="The exact QR payload (shown with a proof signed by the phone key)")
    fare_product_id: str = Field(description="Always PAYG: journeys are charged to the wallet")
    rider_category_id: str
    valid_from: LocalTime
    valid_until: LocalTime
    device_key_id: str | None
    status: str
    ticket_url: str = Field(description="The ticket in the rider's tickets (QR images there)")
