"""Fare catalogue versions: import a GTFS feed, activate it from a date, find the one in force.

History is never rewritten: activations are append-only rows, and an activation may start in the
past only where no version was in force before it. A journey is priced by the version whose
activation is the latest one at or before the journey's time.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from ticketing.core.clock import Clock, require_aware
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.fares import FareFeedActivation, FareFeedVersion
from ticketing.fares.feed import Feed
from ticketing.fares.loader import build_feed, feed_version_of
from ticketing.fares.problems import FeedReport
from ticketing.fares.source import (
    FeedSourceError,
    FeedTooLarge,
    ZipBounds,
    content_hash,
    read_source,
    to_zip,
    zip_files,
)
from ticketing.service.fare_catalog_info import FeedVersionInfo, feed_summary, version_info

__all__ = [
    "FeedVersionInfo",
    "activate_version",
    "active_operator_ids",
    "feed_in_force",
    "get_version",
    "import_feed",
    "list_versions",
    "prepare_feed",
    "store_feed",
    "version_id_in_force",
]

_FEED_CACHE_SIZE = 8
_feed_cache: OrderedDict[str, Feed] = OrderedDict()


def _read(source: Path | bytes, bounds: ZipBounds | None) -> dict[str, bytes]:
    try:
        files = read_source(source) if isinstance(source, Path) else zip_files(source, bounds)
    except FeedTooLarge as exc:
        raise InvalidInput(exc.code, str(exc)) from None
    except FeedSourceError as exc:
        raise InvalidInput("feed_unreadable", str(exc)) from None
    if not files:
        raise InvalidInput("feed_unreadable", "no GTFS .txt files found")
    return files


async def _activations(session: AsyncSession, version_id: str) -> list[FareFeedActivation]:
    rows = await session.scalars(
        select(FareFeedActivation)
        .where(FareFeedActivation.version_id == version_id)
        .order_by(FareFeedActivation.effective_from)
    )
    return list(rows)


async def get_version(session: AsyncSession, version_id: str) -> FeedVersionInfo:
    row = await session.get(FareFeedVersion, version_id)
    if row is None:
        raise NotFound("feed_version_unknown", f"no fare feed version {version_id!r}")
    return version_info(row, await _activations(session, row.id), created=False)


async def list_versions(
    session: AsyncSession, *, limit: int = 50, before: str | None = None
) -> list[FeedVersionInfo]:
    """Newest first; ``before`` is the id of the last version of the previous page."""
    query = (
        select(FareFeedVersion)
        .options(defer(FareFeedVersion.archive, raiseload=True))
        .order_by(FareFeedVersion.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(FareFeedVersion.id < before)
    rows = list(await session.scalars(query))
    by_version: dict[str, list[FareFeedActivation]] = {r.id: [] for r in rows}
    if rows:
        activations = await session.scalars(
            select(FareFeedActivation)
            .where(FareFeedActivation.version_id.in_(list(by_version)))
            .order_by(FareFeedActivation.effective_from)
        )
        for activation in activations:
            by_version[activation.version_id].append(activation)
    return [version_info(r, by_version[r.id], created=False) for r in rows]


@dataclass(frozen=True, slots=True)
class PreparedFeed:
    """A feed read, checked and packed, ready to store: the CPU-bound half of an import."""

    digest: str
    feed_version: str | None
    report: FeedReport
    summary: dict[str, Any]
    archive: bytes


def prepare_feed(source: Path | bytes, bounds: ZipBounds | None = None) -> PreparedFeed:
    """Read (within ``bounds`` for zip bytes), validate and pack a feed. Blocking and CPU-bound:
    callers on an event loop run it in a worker thread."""
    files = _read(source, bounds)
    feed, report = build_feed(files)
    return PreparedFeed(
        digest=content_hash(files),
        feed_version=feed_version_of(files),
        report=report,
        summary=feed_summary(feed, files),
        archive=to_zip(files),
    )


async def import_feed(
    session: AsyncSession, clock: Clock, *, source: Path | bytes, imported_by: str
) -> FeedVersionInfo:
    """Stores the feed (as a normalised zip) with its problems; idempotent by content hash."""
    return await store_feed(session, clock, prepare_feed(source), imported_by=imported_by)


async def store_feed(
    session: AsyncSession, clock: Clock, prepared: PreparedFeed, *, imported_by: str
) -> FeedVersionInfo:
    """Store a prepared feed as a new version; the same content again returns the first one."""
    digest = prepared.digest
    existing = await session.scalar(select(FareFeedVersion).where(FareFeedVersion.content_hash == digest))
    if existing is not None:
        return version_info(existing, await _activations(session, existing.id), created=False)
    now = clock.now()
    row = FareFeedVersion(
        id=new_ulid(now),
        content_hash=digest,
        feed_version=prepared.feed_version,
        imported_at=now,
        imported_by=imported_by,
        error_count=len(prepared.report.errors),
        warning_count=len(prepared.report.warnings),
        problems=prepared.report.to_json(),
        summary=prepared.summary,
        archive=prepared.archive,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        raced = await session.scalar(select(FareFeedVersion).where(FareFeedVersion.content_hash == digest))
        if raced is None:
            raise
        return version_info(raced, await _activations(session, raced.id), created=False)
    return version_info(row, [], created=True)


async def activate_version(
    session: AsyncSession, clock: Clock, *, version_id: str, effective_from: datetime, activated_by: str
) -> FeedVersionInfo:
    require_aware(effective_from)
    version = await session.get(FareFeedVersion, version_id)
    if version is None:
        raise NotFound("feed_version_unknown", f"no fare feed version {version_id!r}")
    if version.error_count:
        raise Rejected(
            "feed_has_errors", f"version {version_id} has {version.error_count} errors; fix and re-import"
        )
    same = await session.scalar(
        select(FareFeedActivation).where(FareFeedActivation.effective_from == effective_from)
    )
    if same is not None:
        if same.version_id == version_id:
            return version_info(version, await _activations(session, version_id), created=False)
        raise Conflict(
            "activation_exists", f"version {same.version_id} is already activated from {effective_from}"
        )
    now = clock.now()
    if effective_from < now:
        earlier = await session.scalar(
            select(FareFeedActivation.id).where(FareFeedActivation.effective_from <= effective_from).limit(1)
        )
        if earlier is not None:
            raise Conflict(
                "activation_rewrites_history",
                "another version was already in force at that date; activate from now or later",
            )
    activation = FareFeedActivation(
        id=new_ulid(now),
        version_id=version_id,
        effective_from=effective_from,
        activated_at=now,
        activated_by=activated_by,
    )
    try:
        async with session.begin_nested():
            session.add(activation)
            await session.flush()
    except IntegrityError:
        raise Conflict("activation_exists", f"another activation from {effective_from} was made") from None
    return version_info(version, await _activations(session, version_id), created=False)


async def version_id_in_force(session: AsyncSession, at: datetime) -> str | None:
    require_aware(at)
    return await session.scalar(
        select(FareFeedActivation.version_id)
        .where(FareFeedActivation.effective_from <= at)
        .order_by(FareFeedActivation.effective_from.desc())
        .limit(1)
    )


async def feed_in_force(session: AsyncSession, at: datetime) -> Feed:
    """The parsed feed of the version in force at ``at`` (cached in-process by version id)."""
    version_id = await version_id_in_force(session, at)
    if version_id is None:
        raise NotFound("no_fares_in_force", f"no fare catalogue version is in force at {at.isoformat()}")
    cached = _feed_cache.get(version_id)
    if cached is not None:
        _feed_cache.move_to_end(version_id)
        return cached
    archive = await session.scalar(select(FareFeedVersion.archive).where(FareFeedVersion.id == version_id))
    if archive is None:
        raise NotFound("no_fares_in_force", f"fare feed version {version_id} is missing")
    feed, report = build_feed(zip_files(archive))
    if feed is None:
        raise Rejected("feed_has_errors", f"version {version_id} no longer loads: {report.errors[0]}")
    _feed_cache[version_id] = feed
    while len(_feed_cache) > _FEED_CACHE_SIZE:
        _feed_cache.popitem(last=False)
    return feed


async def active_operator_ids(session: AsyncSession, at: datetime) -> set[str]:
    """agency_ids of the feed in force at ``at``; empty when no version is in force."""
    try:
        feed = await feed_in_force(session, at)
    except NotFound:
        return set()
    return set(feed.agencies)
