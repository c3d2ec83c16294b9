"""Parsing an uploaded tap batch: all or nothing, naming the first bad tap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketing.admission.reasons import ACCEPTED, REASON_CODES
from ticketing.core.clock import parse_aware
from ticketing.core.errors import InvalidInput
from ticketing.core.ids import is_ulid

BATCH_TAPS_MAX = 1000
MAX_CODE_CHARS = 4096
KNOWN_FLAGS = frozenset({"snapshot_stale"})
_ID_FIELDS = ("stop_id", "route_id", "vehicle_id", "ticket_id", "fare_product_id")
_FIELDS = frozenset(
    {"tap_id", "sequence", "scanned_at", "direction", "ticket_kind", "accepted", "reason", "flags",
     "snapshot_version", "code", *_ID_FIELDS}
)
_REQUIRED = ("tap_id", "sequence", "scanned_at", "direction", "accepted", "reason",
             "snapshot_version")


@dataclass(frozen=True, slots=True)
class TapIn:
    tap_id: str
    sequence: int
    scanned_at: datetime
    direction: str
    stop_id: str | None
    route_id: str | None
    vehicle_id: str | None
    ticket_id: str | None
    fare_product_id: str | None
    ticket_kind: str | None
    accepted: bool
    reason: str
    flags: tuple[str, ...]
    snapshot_version: int
    code: str | None


class _Bad(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _int(raw: Mapping[str, Any], name: str, minimum: int) -> int:
    value = raw[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Bad(name, f"must be an integer ≥ {minimum}")
    return value


def _opt_str(raw: Mapping[str, Any], name: str, limit: int) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > limit:
        raise _Bad(name, f"must be a string of 1-{limit} characters or null")
    return value


def _parse_one(raw: Any) -> TapIn:
    if not isinstance(raw, dict):
        raise _Bad("", "a tap must be a JSON object")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise _Bad(unknown[0], "unknown field")
    for name in _REQUIRED:
        if name not in raw:
            raise _Bad(name, "is required")
    tap_id = raw["tap_id"]
    if not isinstance(tap_id, str) or not is_ulid(tap_id):
        raise _Bad("tap_id", "must be a ULID")
    try:
        scanned_at = parse_aware(str(raw["scanned_at"])) if isinstance(raw["scanned_at"], str) else None
    except ValueError:
        scanned_at = None
    if scanned_at is None:
        raise _Bad("scanned_at", "must be an ISO 8601 timestamp with offset")
    if raw["direction"] not in ("in", "out"):
        raise _Bad("direction", "must be in or out")
    accepted = raw["accepted"]
    if not isinstance(accepted, bool):
        raise _Bad("accepted", "must be a boolean")
    reason = raw["reason"]
    if reason not in REASON_CODES:
        raise _Bad("reason", "is not a known reason code")
    if accepted != (reason == ACCEPTED):
        raise _Bad("reason", "accepted taps have reason accepted, rejected taps another reason")
    kind = raw.get("ticket_kind")
    if kind not in (None, "single", "pass"):
        raise _Bad("ticket_kind", "must be single, pass or null")
    flags = raw.get("flags", [])
    if not isinstance(flags, list) or not all(f in KNOWN_FLAGS for f in flags):
        raise _Bad("flags", f"must be a list of {sorted(KNOWN_FLAGS)}")
    ids = {name: _opt_str(raw, name, 64) for name in _ID_FIELDS}
    if accepted and ids["ticket_id"] is None:
        raise _Bad("ticket_id", "an accepted tap names its ticket")
    return TapIn(
        tap_id=tap_id,
        sequence=_int(raw, "sequence", 1),
        scanned_at=scanned_at,
        direction=str(raw["direction"]),
        stop_id=ids["stop_id"],
        route_id=ids["route_id"],
        vehicle_id=ids["vehicle_id"],
        ticket_id=ids["ticket_id"],
        fare_product_id=ids["fare_product_id"],
        ticket_kind=kind,
        accepted=accepted,
        reason=str(reason),
        flags=tuple(sorted(set(flags))),
        snapshot_version=_int(raw, "snapshot_version", 0),
        code=_opt_str(raw, "code", MAX_CODE_CHARS),
    )


def _refuse(index: int, tap_id: Any, field: str, message: str) -> InvalidInput:
    name = tap_id if isinstance(tap_id, str) else None
    where = f"taps[{index}]" + (f" ({name})" if name else "")
    return InvalidInput(
        "tap_batch_invalid",
        f"{where}: {field + ': ' if field else ''}{message}; the whole batch was refused",
        tap_index=index,
        tap_id=name,
        field=field or None,
    )


def parse_batch(document: Any) -> list[TapIn]:
    if not isinstance(document, dict) or set(document) != {"taps"}:
        raise InvalidInput("tap_batch_invalid", 'the body must be {"taps": [...]}')
    raw_taps = document["taps"]
    if not isinstance(raw_taps, list) or not raw_taps:
        raise InvalidInput("tap_batch_invalid", "taps must be a non-empty list")
    if len(raw_taps) > BATCH_TAPS_MAX:
        raise InvalidInput("tap_batch_too_large", f"at most {BATCH_TAPS_MAX} taps per batch")
    parsed: list[TapIn] = []
    seen_ids: set[str] = set()
    seen_seq: set[int] = set()
    for index, raw in enumerate(raw_taps):
        raw_id = raw.get("tap_id") if isinstance(raw, dict) else None
        try:
            tap = _parse_one(raw)
        except _Bad as bad:
            raise _refuse(index, raw_id, bad.field, bad.message) from None
        if tap.tap_id in seen_ids:
            raise _refuse(index, raw_id, "tap_id", "appears twice in the batch")
        if tap.sequence in seen_seq:
            raise _refuse(index, raw_id, "sequence", "appears twice in the batch")
        seen_ids.add(tap.tap_id)
        seen_seq.add(tap.sequence)
        parsed.append(tap)
    return parsed
