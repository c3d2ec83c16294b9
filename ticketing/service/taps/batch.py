"""Parsing an uploaded tap batch with the shared wire schema (``ticketing.admission.tap_wire``).

Refused whole (422) only when malformed as a whole: not ``{"taps": [...]}``, too many taps, a tap
no reader following the schema could write, or one id or sequence twice. Codes are kept bounded,
never refused; plausibility and evidence are judged per tap after storing (nothing is lost).
"""

from __future__ import annotations

from typing import Any

from ticketing.admission.tap_wire import BATCH_TAPS_MAX, TapRecord, TapShapeError, parse_tap
from ticketing.core.errors import InvalidInput

# The server's name for an uploaded tap: the shared record, nothing added.
TapIn = TapRecord

__all__ = ["BATCH_TAPS_MAX", "TapIn", "parse_batch"]


def _refuse(index: int, tap_id: Any, field: str, message: str) -> InvalidInput:
    name = tap_id if isinstance(tap_id, str) and len(tap_id) <= 64 else None
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
            tap = parse_tap(raw)
        except TapShapeError as bad:
            raise _refuse(index, raw_id, bad.field, bad.message) from None
        if tap.tap_id in seen_ids:
            raise _refuse(index, raw_id, "tap_id", "appears twice in the batch")
        if tap.sequence in seen_seq:
            raise _refuse(index, raw_id, "sequence", "appears twice in the batch")
        seen_ids.add(tap.tap_id)
        seen_seq.add(tap.sequence)
        parsed.append(tap)
    return parsed
