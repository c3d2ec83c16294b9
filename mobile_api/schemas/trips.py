"""Trip bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mobile_api.schemas.common import LocalTime


class TripOut(BaseModel):
    trip_id: str
    ticket_id: str
    fare_product_id: str
    mode: str = Field(description="metro | bus")
    operator_id: str
    route_id: str | None
    from_stop_id: str | None
    to_stop_id: str | None
    started_at: LocalTime
    ended_at: LocalTime | None
    complete: bool
    charged_minor: int = Field(description="What this trip cost the rider")
    currency: str
    explanation: list[str] = Field(description="Why, in the language chosen by Accept-Language")
    explanation_vi: list[str]
    explanation_en: list[str]


class TripPage(BaseModel):
    items: list[TripOut]
    next: str | None
