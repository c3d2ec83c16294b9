"""Plain data the admission decision works on: the device, the snapshot and the local journal.

No I/O here. The reader fills these from its SQLite journal and snapshot file; the server fills
them from its database. Both then call the same ``admit`` (``ticketing.admission.decide``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

Direction = Literal["in", "out"]
Mode = Literal["metro", "bus"]
StalePolicy = Literal["accept_and_flag", "reject"]
TicketKind = Literal["single", "pass"]


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """What admission needs from a verified ticket (codec-independent)."""

    ticket_id: str
    fare_product_id: str
    valid_from: datetime
    valid_until: datetime
    # None: unlimited rides in the validity window (a pass); 1: a single; N: a carnet.
    rides_allowed: int | None
    origin_area_id: str | None = None
    destination_area_id: str | None = None
    # Passes valid for N days from their first use (the code is valid for activation longer).
    activation_days: int | None = None
    # The verified 30-second step of the phone proof of a device-bound ticket (None: no proof).
    proof_step: int | None = None

    @property
    def kind(self) -> TicketKind:
        return "pass" if self.rides_allowed is None else "single"


@dataclass(frozen=True, slots=True)
class VerificationFailure:
    """The codec refused the presented code; ``reason`` is one of the stable reason codes."""

    reason: str
    detail: str = ""


class KeyRing(Protocol):
    """Issuer keys able to verify a presented code offline."""

    def verify(self, code: str, at: datetime) -> TicketFacts | VerificationFailure: ...


@dataclass(frozen=True, slots=True)
class StopInfo:
    station_id: str
    area_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ProductRule:
    kind: TicketKind
    # GTFS agency ids whose readers accept the product; empty means any operator.
    operator_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FareTables:
    """The slice of the fare feed a reader needs to answer ``not_valid_here``."""

    version: str = ""
    stops: Mapping[str, StopInfo] = field(default_factory=dict)
    route_operators: Mapping[str, str] = field(default_factory=dict)
    products: Mapping[str, ProductRule] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int
    # Server time when this snapshot was taken (device clock corrected for skew is compared to it).
    taken_at: datetime
    keys: KeyRing
    denylist: frozenset[str]
    fares: FareTables = field(default_factory=FareTables)
    # Re-signed tickets: ticket id -> the only window admitted from that window's start (taps of
    # any other code of the ticket scanned at or after it are refused).
    superseded: Mapping[str, tuple[datetime, datetime]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeviceContext:
    device_id: str
    operator_id: str
    mode: Mode
    stop_id: str | None = None
    vehicle_id: str | None = None
    route_id: str | None = None
    passback_window_s: int = 600
    max_trip_s: int = 4 * 3600
    snapshot_max_age_s: int = 24 * 3600
    stale_policy: StalePolicy = "accept_and_flag"


@dataclass(frozen=True, slots=True)
class PriorTap:
    """An accepted tap of the same ticket already in the journal."""

    tap_id: str
    scanned_at: datetime
    direction: Direction
    device_id: str
    station_id: str | None
    vehicle_id: str | None


class JournalView(Protocol):
    def accepted_taps(self, ticket_id: str) -> Sequence[PriorTap]:
        """Accepted taps of ``ticket_id``, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class Decision:
    accepted: bool
    reason: str
    ticket_id: str | None = None
    fare_product_id: str | None = None
    ticket_kind: TicketKind | None = None
    flags: tuple[str, ...] = ()
    detail: str = ""
