"""Ticket bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class TicketOut(BaseModel):
    ticket_id: str
    code: str = Field(description="The exact QR payload")
    status: str = Field(description="active | expired | refunded")
    order_id: str
    fare_product_id: str
    fare_product_name: str
    rider_category: str
    fare_media: str
    amount_minor: int
    currency: str
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    qr_svg_url: str
    qr_png_url: str


class TicketPage(BaseModel):
    items: list[TicketOut]
    next: str | None = Field(description="Cursor for the next page, null on the last page")
