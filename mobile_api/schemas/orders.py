"""Order bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mobile_api.schemas.common import LocalTime, StrictIn, fare_media_field, rider_category_field


class OrderItemIn(StrictIn):
    fare_product_id: str = Field(min_length=1, max_length=64)
    rider_category_id: str = rider_category_field(required=True)
    fare_media_id: str = fare_media_field(required=True)
    quantity: int = Field(default=1, ge=1, le=10)
    device_key_id: str | None = Field(
        default=None, max_length=40, description="Bind the tickets to this registered phone key"
    )


class OrderIn(StrictIn):
    items: list[OrderItemIn] = Field(min_length=1, max_length=10)


class PaymentOut(BaseModel):
    payment_id: str | None = Field(description="null when the order costs nothing")
    provider: str | None
    status: str = Field(description="requires_payment | succeeded | failed | not_required ...")
    amount_minor: int
    currency: str
    client_secret: str | None = Field(
        description="Stripe PaymentIntent client secret for the card sheet (stripe provider only)"
    )
    sandbox_confirm_url: str | None = Field(
        description="POST here to complete a sandbox payment (sandbox provider only)"
    )


class OrderFailureOut(BaseModel):
    code: str = Field(description="The provider's failure code (e.g. card_declined) or payment_expired")
    message_vi: str = Field(description="What to tell the rider, in Vietnamese")
    message_en: str = Field(description="What to tell the rider, in English")


class OrderLineOut(BaseModel):
    line_no: int
    fare_product_id: str
    fare_product_name: str = Field(description="The product's name in Vietnamese (see `fare_product_names`)")
    fare_product_names: dict[str, str] = Field(description="The product's name per language: vi, en")
    rider_category_id: str
    fare_media_id: str
    quantity: int
    unit_amount_minor: int
    kind: str
    device_key_id: str | None


class OrderOut(BaseModel):
    order_id: str
    status: str = Field(
        description="pending_payment | paid | failed (the card was refused; buy again with a new "
        "Idempotency-Key, or a retried card on the same payment may still make it paid) | expired "
        "(never paid within the payment window)"
    )
    currency: str
    total_minor: int
    created_at: LocalTime
    paid_at: LocalTime | None
    failure: OrderFailureOut | None = Field(
        default=None, description="Why the order failed or expired; null otherwise"
    )
    items: list[OrderLineOut]
    payment: PaymentOut
    ticket_ids: list[str] = Field(description="Tickets issued for this order (empty until paid)")


class OrderPage(BaseModel):
    items: list[OrderOut]
    next: str | None = Field(description="Cursor for the next page, null on the last page")
