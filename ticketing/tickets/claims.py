"""The versioned claim set of a ticket (format v1) and its strict wire mapping.

Wire names are one letter; times are whole minutes since ``EPOCH`` (2025-01-01T00:00Z) and the
window is a start plus a length, so a claim set stays small enough for the QR budget. See
docs/ticket-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ticketing.tickets.errors import TicketCodeError
from ticketing.tickets.ids import is_ticket_id

FORMAT_VERSION = 1
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
ID_MAX_LENGTH = 64
THUMBPRINT_LENGTH = 16

REQUIRED = frozenset({"i", "p", "c", "f", "d"})
OPTIONAL = frozenset({"m", "r", "o", "x", "a", "k"})


@dataclass(frozen=True, slots=True)
class TicketClaims:
    ticket_id: str
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str | None
    valid_from: datetime
    valid_until: datetime
    rides_allowed: int | None = None  # 1 for single-ride tickets, None for passes
    origin_area_id: str | None = None
    destination_area_id: str | None = None
    # Thumbprint of the rider phone's P-256 key (device-bound tickets): see proof.thumbprint.
    device_key_thumbprint: str | None = None
    # from_activation passes: valid this many days from first use, inside [valid_from, valid_until).
    activation_days: int | None = None
    version: int = FORMAT_VERSION

    @property
    def kind(self) -> str:
        return "single" if self.rides_allowed is not None else "pass"

    @property
    def device_bound(self) -> bool:
        return self.device_key_thumbprint is not None


def to_minutes(at: datetime) -> int:
    if at.tzinfo is None:
        raise ValueError("naive datetime in ticket claims")
    delta = at - EPOCH
    if delta % MINUTE:
        raise ValueError(f"ticket times are whole minutes: {at.isoformat()}")
    minutes = delta // MINUTE
    if minutes < 0:
        raise ValueError(f"ticket times start at {EPOCH.isoformat()}")
    return minutes


def from_minutes(minutes: int) -> datetime:
    return EPOCH + minutes * MINUTE


def to_wire(claims: TicketClaims) -> dict[str, Any]:
    """The JSON object of format v1 (insertion order is the documented order)."""
    if claims.version != FORMAT_VERSION:
        raise ValueError(f"cannot encode claim set version {claims.version}")
    if not is_ticket_id(claims.ticket_id):
        raise ValueError(f"ticket id {claims.ticket_id!r} is not 12 Crockford base32 characters")
    start = to_minutes(claims.valid_from)
    length = to_minutes(claims.valid_until) - start
    if length <= 0:
        raise ValueError("valid_until must be after valid_from")
    optional: dict[str, Any] = {
        "m": claims.fare_media_id,
        "r": claims.rides_allowed,
        "o": claims.origin_area_id,
        "x": claims.destination_area_id,
        "a": claims.activation_days,
        "k": claims.device_key_thumbprint,
    }
    wire: dict[str, Any] = {"i": claims.ticket_id, "p": claims.fare_product_id, "c": claims.rider_category_id}
    wire["f"] = start
    wire["d"] = length
    wire.update({name: value for name, value in optional.items() if value is not None})
    from_wire(wire)  # the encoder never writes what the decoder would refuse
    return wire


def _text(wire: dict[str, Any], name: str, required: bool) -> str | None:
    value = wire.get(name)
    if value is None:
        if required or name in wire:
            raise TicketCodeError("malformed", f"claim {name!r} missing or null")
        return None
    if not isinstance(value, str) or not 0 < len(value) <= ID_MAX_LENGTH or not value.isprintable():
        raise TicketCodeError("malformed", f"claim {name!r} is not a short printable string")
    return value


def _count(wire: dict[str, Any], name: str, required: bool, minimum: int) -> int | None:
    value = wire.get(name)
    if value is None:
        if required or name in wire:
            raise TicketCodeError("malformed", f"claim {name!r} missing or null")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value < 2**31:
        raise TicketCodeError("malformed", f"claim {name!r} is not an integer >= {minimum}")
    return value


def _required_text(wire: dict[str, Any], name: str) -> str:
    value = _text(wire, name, True)
    if value is None:  # pragma: no cover - _text raises first
        raise TicketCodeError("malformed", f"claim {name!r} missing")
    return value


def _required_count(wire: dict[str, Any], name: str, minimum: int) -> int:
    value = _count(wire, name, True, minimum)
    if value is None:  # pragma: no cover - _count raises first
        raise TicketCodeError("malformed", f"claim {name!r} missing")
    return value


def from_wire(wire: Any) -> TicketClaims:
    """Strict: exactly the v1 claim names, each with its type; anything else is ``malformed``."""
    if not isinstance(wire, dict):
        raise TicketCodeError("malformed", "claims are not a JSON object")
    names = set(wire)
    missing = REQUIRED - names
    if missing:
        raise TicketCodeError("malformed", f"missing claims: {', '.join(sorted(missing))}")
    extra = names - REQUIRED - OPTIONAL
    if extra:
        raise TicketCodeError("malformed", f"unknown claims: {', '.join(sorted(map(str, extra)))[:80]}")
    ticket_id = _required_text(wire, "i")
    if not is_ticket_id(ticket_id):
        raise TicketCodeError("malformed", "claim 'i' is not a ticket id")
    thumbprint = _text(wire, "k", False)
    if thumbprint is not None and len(thumbprint) != THUMBPRINT_LENGTH:
        raise TicketCodeError("malformed", "claim 'k' is not a key thumbprint")
    start, length = _required_count(wire, "f", 0), _required_count(wire, "d", 1)
    return TicketClaims(
        ticket_id=ticket_id,
        fare_product_id=_required_text(wire, "p"),
        rider_category_id=_required_text(wire, "c"),
        fare_media_id=_text(wire, "m", False),
        valid_from=from_minutes(start),
        valid_until=from_minutes(start + length),
        rides_allowed=_count(wire, "r", False, 1),
        origin_area_id=_text(wire, "o", False),
        destination_area_id=_text(wire, "x", False),
        device_key_thumbprint=thumbprint,
        activation_days=_count(wire, "a", False, 1),
    )


def align_window(valid_from: datetime, valid_until: datetime) -> tuple[datetime, datetime]:
    """Round a window outwards to whole minutes (the codec's resolution), in UTC."""
    start = valid_from.astimezone(UTC).replace(second=0, microsecond=0)
    end = valid_until.astimezone(UTC)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + MINUTE
    return start, end
