"""The tap as it travels from a reader to the server: one schema for both sides.

The reader builds its journal rows and upload bodies from ``TapRecord`` and ``to_wire``; the
server parses uploads with ``parse_tap``. Pure (no framework), so readers may import it.

Shape versus meaning. ``parse_tap`` refuses only what no reader following this schema can write
(wrong JSON types, unknown fields, an id that is not a ULID, integers out of range): that makes
the whole batch malformed. Everything a reader may journal — any code it was shown, any clock it
had — is well-formed: codes are kept bounded (``bound_code``), and whether a tap is plausible or
verifiable is judged later, tap by tap, by the server.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ticketing.admission.reasons import REASON_CODES
from ticketing.core.clock import parse_aware
from ticketing.core.ids import is_ulid

BATCH_TAPS_MAX = 1000
# A presented code is kept verbatim up to this many characters (a device-bound presentation is
# ≤ 362); a longer or unstorable one is kept as a prefix plus the SHA-256 of the whole code.
CODE_CHARS_MAX = 1024
ID_CHARS_MAX = 64
SEQUENCE_MAX = 2**63 - 1
SNAPSHOT_VERSION_MAX = 2**63 - 1
KNOWN_FLAGS = frozenset({"snapshot_stale"})
TICKET_KINDS = (None, "single", "pass")
ID_FIELDS = ("stop_id", "route_id", "vehicle_id", "ticket_id", "fare_product_id")
FIELDS = frozenset({
    "tap_id", "sequence", "scanned_at", "direction", "ticket_kind", "accepted", "reason", "flags",
    "snapshot_version", "code", "code_sha256", *ID_FIELDS,
})
REQUIRED = ("tap_id", "sequence", "scanned_at", "direction", "accepted", "reason", "snapshot_version")
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class TapRecord:
    """One reader decision, as journaled and as uploaded."""

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
    # Set when ``code`` is a bounded prefix: SHA-256 (hex) of the whole presented code.
    code_sha256: str | None = None

    @property
    def code_is_exact(self) -> bool:
        """The exact presented code is held (not a bounded prefix, not missing)."""
        return self.code is not None and self.code_sha256 is None


class TapShapeError(Exception):
    """A tap no reader following this schema could have written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field + ': ' if field else ''}{message}")
        self.field = field
        self.message = message


def _storable(text: str) -> bool:
    """Text every store takes: encodable as UTF-8 and free of NUL (PostgreSQL refuses it)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def bound_code(code: str) -> tuple[str, str | None]:
    """``(kept, sha256)``: the code itself and None when it is short and storable; otherwise a
    storable prefix of at most ``CODE_CHARS_MAX`` characters and the hex SHA-256 of the code."""
    if len(code) <= CODE_CHARS_MAX and _storable(code):
        return code, None
    digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()
    prefix = code[:CODE_CHARS_MAX].replace("\x00", "\ufffd")
    prefix = prefix.encode("utf-8", "replace").decode("utf-8")
    return prefix, digest


def to_wire(tap: TapRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "tap_id": tap.tap_id,
        "sequence": tap.sequence,
        "scanned_at": tap.scanned_at.isoformat(),
        "direction": tap.direction,
        "stop_id": tap.stop_id,
        "route_id": tap.route_id,
        "vehicle_id": tap.vehicle_id,
        "ticket_id": tap.ticket_id,
        "fare_product_id": tap.fare_product_id,
        "ticket_kind": tap.ticket_kind,
        "accepted": tap.accepted,
        "reason": tap.reason,
        "flags": list(tap.flags),
        "snapshot_version": tap.snapshot_version,
        "code": tap.code,
    }
    if tap.code_sha256 is not None:  # omitted when absent: the earlier wire shape, unchanged
        out["code_sha256"] = tap.code_sha256
    return out


def _int(raw: Mapping[str, Any], name: str, minimum: int, maximum: int) -> int:
    value = raw[name]
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise TapShapeError(name, f"must be an integer from {minimum} to {maximum}")
    return value


def _opt_id(raw: Mapping[str, Any], name: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > ID_CHARS_MAX or not _storable(value):
        raise TapShapeError(name, f"must be a string of 1-{ID_CHARS_MAX} characters or null")
    return value


def _scanned_at(raw: Mapping[str, Any]) -> datetime:
    value = raw["scanned_at"]
    if not isinstance(value, str) or len(value) > 64:
        raise TapShapeError("scanned_at", "must be an ISO 8601 timestamp with offset")
    try:
        return parse_aware(value).astimezone(UTC)
    except (ValueError, OverflowError):
        raise TapShapeError("scanned_at", "must be an ISO 8601 timestamp with offset") from None


def _code(raw: Mapping[str, Any]) -> tuple[str | None, str | None]:
    code, digest = raw.get("code"), raw.get("code_sha256")
    if code is not None and not isinstance(code, str):
        raise TapShapeError("code", "must be a string or null")
    if digest is not None and (not isinstance(digest, str) or len(digest) != 64 or not set(digest) <= _HEX):
        raise TapShapeError("code_sha256", "must be 64 lowercase hex digits or null")
    if code is None:
        return None, digest
    kept, own = bound_code(code)
    # A prefix the reader bounded keeps the reader's digest (of the whole code it saw).
    return kept, digest if digest is not None else own


def parse_tap(raw: Any) -> TapRecord:
    """One uploaded tap, or ``TapShapeError``. Never judges plausibility or evidence."""
    if not isinstance(raw, dict):
        raise TapShapeError("", "a tap must be a JSON object")
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise TapShapeError(unknown[0][:64], "unknown field")
    for name in REQUIRED:
        if name not in raw:
            raise TapShapeError(name, "is required")
    tap_id = raw["tap_id"]
    if not isinstance(tap_id, str) or not is_ulid(tap_id):
        raise TapShapeError("tap_id", "must be a ULID")
    if raw["direction"] not in ("in", "out"):
        raise TapShapeError("direction", "must be in or out")
    accepted = raw["accepted"]
    if not isinstance(accepted, bool):
        raise TapShapeError("accepted", "must be a boolean")
    reason = raw["reason"]
    if not isinstance(reason, str) or reason not in REASON_CODES:
        raise TapShapeError("reason", "is not a known reason code")
    kind = raw.get("ticket_kind")
    if kind not in TICKET_KINDS:
        raise TapShapeError("ticket_kind", "must be single, pass or null")
    flags = raw.get("flags", [])
    if (not isinstance(flags, list) or len(flags) > len(KNOWN_FLAGS)
            or not all(isinstance(f, str) and f in KNOWN_FLAGS for f in flags)):
        raise TapShapeError("flags", f"must be a list of {sorted(KNOWN_FLAGS)}")
    ids = {name: _opt_id(raw, name) for name in ID_FIELDS}
    code, digest = _code(raw)
    return TapRecord(
        tap_id=tap_id,
        sequence=_int(raw, "sequence", 1, SEQUENCE_MAX),
        scanned_at=_scanned_at(raw),
        direction=str(raw["direction"]),
        stop_id=ids["stop_id"],
        route_id=ids["route_id"],
        vehicle_id=ids["vehicle_id"],
        ticket_id=ids["ticket_id"],
        fare_product_id=ids["fare_product_id"],
        ticket_kind=kind,
        accepted=accepted,
        reason=reason,
        flags=tuple(sorted(set(flags))),
        snapshot_version=_int(raw, "snapshot_version", 0, SNAPSHOT_VERSION_MAX),
        code=code,
        code_sha256=digest,
    )
