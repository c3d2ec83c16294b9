"""The journey (request) and quote (response) documents of docs/decisions.md §4."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from mobile_api.schemas.common import StrictIn, fare_media_field, rider_category_field

ISO = "ISO 8601 with a UTC offset, e.g. 2025-10-14T08:00:00+07:00"


class JourneyLegIn(StrictIn):
    route_id: str = Field(min_length=1, max_length=64)
    from_stop_id: str = Field(min_length=1, max_length=64)
    to_stop_id: str = Field(min_length=1, max_length=64)
    departure: str = Field(max_length=40, description=ISO)
    arrival: str = Field(max_length=40, description=ISO)


class HeldProductIn(StrictIn):
    fare_product_id: str = Field(min_length=1, max_length=64)
    valid_from: str = Field(max_length=40, description=ISO)
    valid_until: str = Field(max_length=40, description=ISO)


class PriorChargeIn(StrictIn):
    at: str = Field(max_length=40, description=ISO)
    amount_minor: int = Field(ge=0, le=10**12)
    network_id: str | None = Field(default=None, max_length=64)
    leg_group_id: str | None = Field(default=None, max_length=64)


class JourneyIn(StrictIn):
    rider_category_id: str | None = rider_category_field(required=False)
    fare_media_id: str | None = fare_media_field(required=False)
    held_products: list[HeldProductIn] = Field(default_factory=list, max_length=20)
    legs: list[JourneyLegIn] = Field(min_length=1, max_length=20)
    prior_charges: list[PriorChargeIn] = Field(default_factory=list, max_length=200)
    best_fare: bool = True


class LegQuoteOut(BaseModel):
    index: int
    fare_product_id: str | None
    amount_minor: int | None
    rule: str | None
    covered_by: str | None
    reason: str | None
    base_amount_minor: int | None
    leg_group_id: str | None
    fare_media_id: str | None
    joined_with: int | None
    cap_id: str | None
    alternatives: list[str]


class TransferQuoteOut(BaseModel):
    from_index: int
    to_index: int
    rule: str
    fare_transfer_type: int
    fare_product_id: str | None
    amount_minor: int | None
    cap_id: str | None


class QuoteOut(BaseModel):
    currency: str | None
    total_minor: int | None = Field(description="null when a leg's fare is unknown")
    complete: bool
    rider_category_id: str | None
    fare_media_id: str | None
    legs: list[LegQuoteOut]
    transfers: list[TransferQuoteOut]
    uncapped_total_minor: int | None
    caps_applied: list[str]
    explanation: list[str]
    explanation_vi: list[str]

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> QuoteOut:
        return cls.model_validate(document)
