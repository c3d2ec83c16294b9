"""Ticket bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from mobile_api.schemas.common import LocalTime


class TicketOut(BaseModel):
    ticket_id: str
    code: str = Field(description="The exact QR payload")
    status: str = Field(description="issued | active | used | expired | refunded | revoked")
    kind: str = Field(description="single | pass")
    order_id: str | None
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str | None
    amount_minor: int
    currency: str
    valid_from: LocalTime
    valid_until: LocalTime
    issued_at: LocalTime
    first_used_at: LocalTime | None
    device_bound: bool = Field(description="Shown with a proof signed by the rider's phone key")
    qr_svg_url: str
    qr_png_url: str


class TicketPage(BaseModel):
    items: list[TicketOut]
    next: str | None = Field(description="Cursor for the next page, null on the last page")


class DeviceKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    public_jwk: dict[str, str] = Field(
        description='The phone\'s P-256 public key as a JWK {"kty":"EC","crv":"P-256","x","y"}'
    )


class DeviceKeyOut(BaseModel):
    device_key_id: str
    thumbprint: str
    created_at: LocalTime
    revoked_at: LocalTime | None
