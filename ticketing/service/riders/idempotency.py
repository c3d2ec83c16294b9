"""Idempotency-Key records for rider POSTs: a retried request gets the first answer back.

The record is written in the same transaction as the work it guards, so an answer is stored
exactly when the work is committed. Two racing requests with one key resume the same work (its
ids derive from the key); the first answer stored is the one every request and replay returns.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput
from ticketing.db.models.riders import RiderIdempotencyRecord
from ticketing.db.statements import execute_count, table_of, upsert_insert

KEY_MAX_LENGTH = 255


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    status_code: int
    body: dict[str, Any]


def fingerprint(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise InvalidInput("idempotency_key_required", "send an Idempotency-Key header (e.g. a UUID)")
    key = key.strip()
    if len(key) > KEY_MAX_LENGTH or not key.isprintable():
        raise InvalidInput(
            "idempotency_key_invalid", "the Idempotency-Key must be 1-255 printable characters"
        )
    return key


async def find_answer(
    session: AsyncSession, rider_id: str, scope: str, key: str, request_fingerprint: str
) -> StoredAnswer | None:
    row = await session.get(RiderIdempotencyRecord, (rider_id, scope, key))
    if row is None:
        return None
    if row.fingerprint != request_fingerprint:
        raise Conflict("idempotency_key_reused", "this Idempotency-Key was used with a different request")
    return StoredAnswer(row.status_code, dict(row.response))


async def store_answer(
    session: AsyncSession,
    clock: Clock,
    rider_id: str,
    scope: str,
    key: str,
    request_fingerprint: str,
    answer: StoredAnswer,
) -> StoredAnswer:
    """Keep ``answer`` for replays and return the answer in force: a racing request of the same
    attempt may have stored its own first (the same work, resumed), and every replay then gets
    that one, so the first stored answer wins without a failed transaction."""
    row = {
        "rider_id": rider_id,
        "scope": scope,
        "key": key,
        "fingerprint": request_fingerprint,
        "status_code": answer.status_code,
        "response": answer.body,
        "created_at": clock.now(),
    }
    insert = upsert_insert(session, table_of(RiderIdempotencyRecord)).values(**row)
    if await execute_count(session, insert.on_conflict_do_nothing()) == 1:
        return answer
    stored = await find_answer(session, rider_id, scope, key, request_fingerprint)
    assert stored is not None  # the conflicting row exists and rows are never deleted mid-request
    return stored
