"""What callers see of a fare catalogue version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketing.db.models.fares import FareFeedActivation, FareFeedVersion
from ticketing.fares.feed import Feed


@dataclass(frozen=True, slots=True)
class ActivationInfo:
    activation_id: str
    effective_from: datetime
    activated_at: datetime
    activated_by: str


@dataclass(frozen=True, slots=True)
class FeedVersionInfo:
    version_id: str
    content_hash: str
    feed_version: str | None
    imported_at: datetime
    imported_by: str
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    summary: dict[str, Any]
    activations: tuple[ActivationInfo, ...]
    created: bool  # False when the same content had been imported before

    @property
    def valid(self) -> bool:
        return not self.errors


def version_info(
    row: FareFeedVersion, activations: Sequence[FareFeedActivation], *, created: bool
) -> FeedVersionInfo:
    return FeedVersionInfo(
        version_id=row.id,
        content_hash=row.content_hash,
        feed_version=row.feed_version,
        imported_at=row.imported_at,
        imported_by=row.imported_by,
        errors=tuple(row.problems.get("errors", [])),
        warnings=tuple(row.problems.get("warnings", [])),
        summary=dict(row.summary),
        activations=tuple(
            ActivationInfo(a.id, a.effective_from, a.activated_at, a.activated_by) for a in activations
        ),
        created=created,
    )


def feed_summary(feed: Feed | None, files: Mapping[str, bytes]) -> dict[str, Any]:
    summary: dict[str, Any] = {"files": sorted(files)}
    if feed is None:
        return summary
    currencies = sorted({r.currency for rows in feed.products.values() for r in rows})
    summary.update(
        agencies=feed.agencies,
        timezone=feed.timezone_name,
        currencies=currencies,
        routes=len(feed.routes),
        stops=len(feed.stops),
        fare_products=len(feed.products),
        fare_leg_rules=len(feed.leg_rules),
        fare_transfer_rules=len(feed.transfer_rules),
        passes=sorted(feed.validity),
        caps=[c.cap_id for c in feed.caps],
    )
    return summary
