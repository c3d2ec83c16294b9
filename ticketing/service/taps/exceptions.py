"""Tap exceptions: where the server's view differs from what a reader decided offline."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.ids import new_ulid
from ticketing.db.models.taps import Tap, TapException

# kind -> (Vietnamese, English), like every bilingual pair
EXCEPTION_KINDS: dict[str, tuple[str, str]] = {
    "double_use": ("Vé lượt được chấp nhận trên hai máy", "Single-ride ticket accepted on two readers"),
    "revoked_tap": ("Chạm vé đã bị thu hồi", "Tap of a revoked ticket"),
    "passback_across_readers": (
        "Vé bị chuyển lại giữa các cửa của một ga", "Ticket passed back between gates of one station"
    ),
    "impossible_journey": ("Hành trình không thể xảy ra", "Impossible journey"),
    "unverifiable_tap": (
        "Lượt chạm được chấp nhận nhưng máy chủ không xác minh được (không có hiệu lực)",
        "Accepted tap the server could not verify (no effect)",
    ),
}


async def record_exception(
    session: AsyncSession,
    *,
    kind: str,
    tap: Tap,
    other_tap_id: str | None,
    detail: str,
    detected_at: datetime,
    denylisted: bool,
) -> bool:
    """Idempotent by (kind, tap): True when this call recorded it."""
    assert kind in EXCEPTION_KINDS
    found = await session.scalar(
        sa.select(TapException.exception_id).where(
            TapException.kind == kind, TapException.tap_id == tap.tap_id
        )
    )
    if found is not None:
        return False
    session.add(TapException(
        exception_id=new_ulid(detected_at), kind=kind, tap_id=tap.tap_id,
        other_tap_id=other_tap_id, ticket_id=tap.ticket_id, operator_id=tap.operator_id,
        device_id=tap.device_id, detail=detail[:300], detected_at=detected_at,
        denylisted=denylisted,
    ))
    await session.flush()
    return True


async def list_exceptions(
    session: AsyncSession, *, operator_id: str | None, limit: int, after: str | None,
    kind: str | None = None, device_id: str | None = None,
) -> list[TapException]:
    query = sa.select(TapException).order_by(TapException.exception_id).limit(limit)
    if kind is not None:
        query = query.where(TapException.kind == kind)
    if device_id is not None:
        query = query.where(TapException.device_id == device_id)
    if operator_id is not None:
        query = query.where(TapException.operator_id == operator_id)
    if after is not None:
        query = query.where(TapException.exception_id > after)
    return list((await session.scalars(query)).all())
