"""Catalogue bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PassValidityOut(BaseModel):
    validity_type: str = Field(description="operating_day | from_activation | from_issue | calendar_month")
    duration_days: int | None


class ProductOut(BaseModel):
    fare_product_id: str
    name: str = Field(description="Name in the language chosen by Accept-Language")
    names: dict[str, str] = Field(description="Name per language: vi, en")
    kind: str = Field(description="single | pass")
    rider_category_id: str
    fare_media_id: str | None
    amount_minor: int
    currency: str
    amount_display: str
    validity: PassValidityOut | None
    operator_ids: list[str]
    area_bound: bool = Field(description="Priced by origin/destination (metro singles)")
    requires_concession: bool
    purchasable: bool = Field(description="False until a concession for the category is approved")


class ProductPage(BaseModel):
    items: list[ProductOut]
    next: str | None = Field(description="Cursor for the next page, null on the last page")
