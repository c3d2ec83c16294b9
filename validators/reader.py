"""One reader: the store's snapshot and journal put through the shared admission decision."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ticketing.admission import Decision, DeviceContext, Snapshot, admit, station_of
from ticketing.admission import reasons as r
from ticketing.admission.cccd import CCCD_CODE_PREFIX, admit_cccd, ticket_id_for
from ticketing.admission.decide import open_entry
from ticketing.admission.display import TapDisplay, tap_display
from ticketing.admission.model import Direction, FareTables
from ticketing.admission.snapshot_doc import (
    SnapshotDocumentError,
    device_from_doc,
    snapshot_from_doc,
)
from ticketing.admission.tap_wire import bound_code
from ticketing.admission.ticket_keys import keyring_from_jwks
from ticketing.core.clock import Clock, SystemClock
from ticketing.core.ids import new_ulid
from validators.journal import Journal, Tap
from validators.store import Store, StoreError

# A line of `vexe-validator run` that a chip-ID card reader sends: "cccd:<12 digits>".
CCCD_LINE_PREFIX = "cccd:"


@dataclass(frozen=True, slots=True)
class ScanResult:
    decision: Decision
    tap: Tap
    display: TapDisplay = field(default_factory=lambda: TapDisplay(None, "", ""))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accepted": self.decision.accepted,
            "reason": self.decision.reason,
            "ticket_id": self.decision.ticket_id,
            "tap_id": self.tap.tap_id,
            "sequence": self.tap.sequence,
            "scanned_at": self.tap.scanned_at.isoformat(),
            "direction": self.tap.direction,
            "fare_minor": self.display.fare_minor,
            "display": self.display.as_json(),
        }
        if self.decision.flags:
            out["flags"] = list(self.decision.flags)
        return out


class Reader:
    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.identity = store.identity()
        self.journal: Journal = store.open_journal()
        if self.journal.device_id != self.identity.device_id:
            self.journal.close()
            raise StoreError(
                f"journal belongs to device {self.journal.device_id}, not {self.identity.device_id}"
            )
        self.snapshot: Snapshot | None = None
        self.device: DeviceContext | None = None
        self.reload_snapshot()

    def reload_snapshot(self) -> None:
        doc = self.store.snapshot_doc()
        if doc is None:
            return
        try:
            self.snapshot = snapshot_from_doc(doc, keyring_from_jwks)
            self.device = device_from_doc(self.identity.device_id, doc.get("device") or {})
        except SnapshotDocumentError as exc:
            raise StoreError(f"{self.store.snapshot_path}: {exc}") from None

    def clock_skew_s(self) -> float:
        last = self.journal.last_sync()
        return last.clock_skew_s if last is not None else 0.0

    def now(self) -> datetime:
        """Local time corrected by the skew measured against the server at the last sync."""
        return self.clock.now() + timedelta(seconds=self.clock_skew_s())

    def scan(self, code: str, at: datetime | None = None, direction: Direction = "in") -> ScanResult:
        scanned_at = at if at is not None else self.now()
        code = code.strip()
        if code.startswith(CCCD_LINE_PREFIX):  # a `cccd:NUMBER` line from the card reader
            return self.scan_cccd(code[len(CCCD_LINE_PREFIX) :], scanned_at, direction)
        # Whatever was shown is journaled bounded: a prefix and the SHA-256 of the whole code
        # when it is too long or not storable text (such a code is never a ticket).
        _kept, digest = bound_code(code)
        if self.snapshot is None or self.device is None:
            decision = Decision(False, r.SNAPSHOT_STALE, detail="no snapshot yet: sync first")
        elif digest is not None:
            decision = Decision(False, r.MALFORMED, detail="code too long or not text")
        else:
            decision = admit(code, scanned_at, self.device, self.snapshot, self.journal, direction)
        return self._record(decision, scanned_at, direction, code)

    def scan_cccd(self, number: str, at: datetime | None = None, direction: Direction = "in") -> ScanResult:
        """A chip ID card: admitted free when its salted hash is in the snapshot's CCCD list.
        The journal and the tap keep only the salted hash, never the number."""
        scanned_at = at if at is not None else self.now()
        if self.snapshot is None or self.device is None:
            decision = Decision(False, r.SNAPSHOT_STALE, detail="no snapshot yet: sync first")
            salted: str | None = None
        else:
            decision, salted = admit_cccd(
                number, scanned_at, self.device, self.snapshot, self.snapshot.cccd, self.journal, direction
            )
        if salted is not None and decision.ticket_id is None:
            decision = replace(decision, ticket_id=ticket_id_for(salted))
        return self._record(decision, scanned_at, direction, CCCD_CODE_PREFIX + (salted or ""))

    def _record(
        self, decision: Decision, scanned_at: datetime, direction: Direction, code: str
    ) -> ScanResult:
        snapshot, device = self.snapshot, self.device
        kept, digest = bound_code(code)
        version = snapshot.version if snapshot is not None else 0
        station = station_of(device, snapshot) if device is not None and snapshot is not None else None
        display = self._display(decision, scanned_at, direction, station)
        tap = Tap(
            sequence=0,
            tap_id=new_ulid(scanned_at),
            scanned_at=scanned_at,
            direction=direction,
            stop_id=device.stop_id if device else None,
            station_id=station,
            route_id=device.route_id if device else None,
            vehicle_id=device.vehicle_id if device else None,
            ticket_id=decision.ticket_id,
            fare_product_id=decision.fare_product_id,
            ticket_kind=decision.ticket_kind,
            accepted=decision.accepted,
            reason=decision.reason,
            flags=decision.flags,
            snapshot_version=version,
            code=kept,
            code_sha256=digest,
        )
        stored = self.journal.append(tap)
        return ScanResult(decision, stored, display)

    def _display(
        self, decision: Decision, scanned_at: datetime, direction: Direction, station: str | None
    ) -> TapDisplay:
        fares = self.snapshot.fares if self.snapshot is not None else FareTables()
        board = station
        if direction == "out" and decision.accepted and decision.ticket_id is not None and self.device:
            entry = open_entry(
                self.journal.accepted_taps(decision.ticket_id), scanned_at, self.device.max_trip_s
            )
            board = entry.station_id if entry is not None else None
        route_id = self.device.route_id if self.device else None
        return tap_display(
            decision,
            direction,
            fares,
            route_id=route_id,
            board_station=board,
            alight_station=station if direction == "out" else None,
            day_cap_reached=self._day_cap_reached(decision.ticket_id, scanned_at, route_id),
        )

    def _day_cap_reached(self, ticket_id: str | None, scanned_at: datetime, route_id: str | None) -> bool:
        snapshot = self.snapshot
        if snapshot is None or ticket_id is None or ticket_id not in snapshot.payg_capped:
            return False
        day = scanned_at.astimezone(ZoneInfo(snapshot.fares.timezone)).date()
        routes = snapshot.payg_capped[ticket_id]
        return day == snapshot.payg_capped_day and (route_id is None or route_id in routes)

    def status(self) -> dict[str, Any]:
        last = self.journal.last_sync()
        now = self.now()
        age = (now - self.snapshot.taken_at).total_seconds() if self.snapshot else None
        stale = (
            self.snapshot is None
            or self.device is None
            or age is None
            or age > self.device.snapshot_max_age_s
        )
        return {
            "device_id": self.identity.device_id,
            "snapshot_version": self.snapshot.version if self.snapshot else None,
            "snapshot_age_s": round(age, 3) if age is not None else None,
            "snapshot_stale": stale,
            "pending_taps": self.journal.pending_count(),
            "last_sequence": self.journal.last_seq(),
            "acked_through": self.journal.acked_through(),
            "last_sync_at": last.synced_at.isoformat() if last else None,
            "clock_skew_s": round(self.clock_skew_s(), 3),
            "server": self.identity.server,
        }

    def close(self) -> None:
        self.journal.close()
