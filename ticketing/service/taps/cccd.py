"""Server side of CCCD taps: each accepted CCCD tap-in is checked against the registry with the
salt of the snapshot the reader used, and counted as a free ride for the subsidy report.

A reader never sends a number: the tap's code is ``cccd:<salted hash>`` and its snapshot version
names the salt (ticketing.service.cccd.snapshot). A tap whose hash matches no registered card
(a card removed since, or a forged tap) is kept with ``verified = false`` and no category, so it is
never claimed as a subsidised ride. Idempotent by tap id.
"""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.cccd import CCCD_CODE_PREFIX, CCCD_TICKET_PREFIX, salted_hash, ticket_id_for
from ticketing.db.models.cccd import CccdCard, CccdRide
from ticketing.db.models.taps import Tap
from ticketing.service.cccd.snapshot import known_salt

log = logging.getLogger(__name__)


def is_cccd_tap(tap: Tap) -> bool:
    return (tap.ticket_id or "").startswith(CCCD_TICKET_PREFIX)


class CccdTapChecker:
    """One per processing batch: salted registries are computed once per snapshot version."""

    def __init__(self, session: AsyncSession, timezone: str) -> None:
        self._session = session
        self._zone = ZoneInfo(timezone)
        self._by_version: dict[int, dict[str, str]] = {}

    async def _registry(self, version: int) -> dict[str, str]:
        found = self._by_version.get(version)
        if found is None:
            salt = await known_salt(self._session, version)
            found = {}
            if salt is not None:
                rows = (
                    await self._session.execute(sa.select(CccdCard.number_hash, CccdCard.rider_category_id))
                ).all()
                found = {salted_hash(salt, h): category for h, category in rows}
            self._by_version[version] = found
        return found

    async def record(self, tap: Tap) -> None:
        """Count an accepted CCCD tap-in (tap-outs end the ride and count nothing)."""
        if not tap.accepted or tap.direction != "in":
            return
        if await self._session.get(CccdRide, tap.tap_id) is not None:
            return
        code = tap.code or ""
        salted = code[len(CCCD_CODE_PREFIX) :] if code.startswith(CCCD_CODE_PREFIX) else ""
        category = (await self._registry(tap.snapshot_version)).get(salted) if salted else None
        verified = category is not None and tap.ticket_id == ticket_id_for(salted)
        if not verified:
            log.warning(
                "CCCD tap %s matches no registered card for snapshot %s", tap.tap_id, tap.snapshot_version
            )
        self._session.add(
            CccdRide(
                tap_id=tap.tap_id,
                device_id=tap.device_id,
                operator_id=tap.operator_id,
                service_day=_day(tap, self._zone),
                scanned_at=tap.scanned_at,
                snapshot_version=tap.snapshot_version,
                rider_category_id=category if verified else None,
                verified=verified,
            )
        )


def _day(tap: Tap, zone: ZoneInfo) -> date:
    return tap.scanned_at.astimezone(zone).date()
