"""Concession categories need proof: a rider asks, an operator approves or rejects.

Any rider category that is not the feed's default fare category is a concession. Only riders
with an approved request for a category may buy products priced for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, Forbidden, InvalidInput, NotFound, Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.riders import RiderConcession

STATUSES = ("pending", "approved", "rejected")


@dataclass(frozen=True, slots=True)
class ConcessionView:
    concession_id: str
    rider_id: str
    rider_category_id: str
    status: str
    proof_reference: str
    requested_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None


def _view(row: RiderConcession) -> ConcessionView:
    return ConcessionView(
        row.id,
        row.rider_id,
        row.rider_category_id,
        row.status,
        row.proof_reference,
        row.requested_at,
        row.decided_at,
        row.decided_by,
        row.decision_note,
    )


def needs_concession(categories: Mapping[str, bool], rider_category_id: str) -> bool:
    """``categories`` maps each rider_category_id of the feed to whether it is the default."""
    if rider_category_id not in categories:
        raise InvalidInput("rider_category_unknown", f"unknown rider category {rider_category_id!r}")
    return not categories[rider_category_id]


async def request_concession(
    session: AsyncSession,
    clock: Clock,
    rider_id: str,
    *,
    rider_category_id: str,
    proof_reference: str,
    categories: Mapping[str, bool],
) -> ConcessionView:
    if not needs_concession(categories, rider_category_id):
        raise Rejected("concession_not_needed", f"{rider_category_id} is open to every rider")
    existing = (
        await session.scalars(
            select(RiderConcession).where(
                RiderConcession.rider_id == rider_id,
                RiderConcession.rider_category_id == rider_category_id,
                RiderConcession.status.in_(("pending", "approved")),
            )
        )
    ).first()
    if existing is not None:
        if existing.status == "approved":
            return _view(existing)
        raise Conflict("concession_pending", "a request for this category is waiting for a decision")
    row = RiderConcession(
        id=new_ulid(clock.now()),
        rider_id=rider_id,
        rider_category_id=rider_category_id,
        status="pending",
        proof_reference=proof_reference,
        requested_at=clock.now(),
        decided_at=None,
        decided_by=None,
        decision_note=None,
    )
    session.add(row)
    await session.flush()
    return _view(row)


async def approved_categories(session: AsyncSession, rider_id: str) -> frozenset[str]:
    rows = await session.scalars(
        select(RiderConcession.rider_category_id).where(
            RiderConcession.rider_id == rider_id, RiderConcession.status == "approved"
        )
    )
    return frozenset(rows)


async def ensure_may_buy(
    session: AsyncSession, rider_id: str, rider_category_id: str, categories: Mapping[str, bool]
) -> None:
    if needs_concession(categories, rider_category_id) and rider_category_id not in await approved_categories(
        session, rider_id
    ):
        raise Forbidden(
            "concession_required",
            f"rider category {rider_category_id} needs an approved concession (POST /v1/concessions)",
        )


async def list_concessions(
    session: AsyncSession,
    *,
    rider_id: str | None = None,
    status: str | None = None,
    before_id: str | None = None,
    limit: int = 20,
) -> list[ConcessionView]:
    query = select(RiderConcession).order_by(RiderConcession.id.desc()).limit(limit)
    if rider_id is not None:
        query = query.where(RiderConcession.rider_id == rider_id)
    if status is not None:
        query = query.where(RiderConcession.status == status)
    if before_id is not None:
        query = query.where(RiderConcession.id < before_id)
    return [_view(r) for r in await session.scalars(query)]


async def decide_concession(
    session: AsyncSession,
    clock: Clock,
    concession_id: str,
    *,
    approve: bool,
    staff_id: str,
    note: str | None,
) -> ConcessionView:
    row = await session.get(RiderConcession, concession_id)
    if row is None:
        raise NotFound("concession_not_found", f"no concession request {concession_id}")
    decided = "approved" if approve else "rejected"
    if row.status != "pending":
        if row.status == decided:
            return _view(row)  # a retried decision is a no-op
        raise Conflict("concession_decided", f"the request was already {row.status}")
    row.status = decided
    row.decided_at = clock.now()
    row.decided_by = staff_id
    row.decision_note = note
    await session.flush()
    return _view(row)
