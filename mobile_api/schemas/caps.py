"""Caps progress bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mobile_api.schemas.common import LocalTime


class CapProgressOut(BaseModel):
    cap_id: str
    name: str
    period: str = Field(description="day | week_rolling | month_calendar")
    period_start: LocalTime = Field(description="Start of the current period (Asia/Ho_Chi_Minh)")
    period_end: LocalTime = Field(
        description="End of the period; the rolling week is the 7 × 24 h ending at `at`"
    )
    amount_minor: int = Field(description="The cap")
    charged_minor: int = Field(description="Pay-as-you-go charges so far in the period")
    remaining_minor: int
    currency: str
    rider_category_id: str | None = Field(description="null: every category")
    fare_media_id: str | None = Field(description="null: every medium")
    message: str = Field(description="One sentence, in the language of Accept-Language (vi or en)")


class CapProgressPage(BaseModel):
    at: LocalTime
    items: list[CapProgressOut]
    next: str | None = Field(description="Cursor for the next page, null on the last page")
