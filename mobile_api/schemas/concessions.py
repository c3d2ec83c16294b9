"""Concession request bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mobile_api.schemas.common import LocalTime, StrictIn, rider_category_field


class ConcessionIn(StrictIn):
    rider_category_id: str = rider_category_field(required=True)
    proof_reference: str = Field(
        min_length=1,
        max_length=500,
        description="What proves eligibility: document kind and number (e.g. student card no.)",
    )


class ConcessionOut(BaseModel):
    concession_id: str
    rider_category_id: str
    status: str = Field(description="pending | approved | rejected")
    proof_reference: str
    requested_at: LocalTime
    decided_at: LocalTime | None
    decision_note: str | None


class ConcessionPage(BaseModel):
    items: list[ConcessionOut]
    next: str | None
