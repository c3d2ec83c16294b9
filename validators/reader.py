"""One reader: the store's snapshot and journal put through the shared admission decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ticketing.admission import Decision, DeviceContext, Snapshot, admit, station_of
from ticketing.admission import reasons as r
from ticketing.admission.model import Direction
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


@dataclass(frozen=True, slots=True)
class ScanResult:
    decision: Decision
    tap: Tap

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accepted": self.decision.accepted,
            "reason": self.decision.reason,
            "ticket_id": self.decision.ticket_id,
            "tap_id": self.tap.tap_id,
            "sequence": self.tap.sequence,
            "scanned_at": self.tap.scanned_at.isoformat(),
            "direction": self.tap.direction,
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
        # Whatever was shown is journaled bounded: a prefix and the SHA-256 of the whole code
        # when it is too long or not storable text (such a code is never a ticket).
        kept, digest = bound_code(code)
        if self.snapshot is None or self.device is None:
            decision = Decision(False, r.SNAPSHOT_STALE, detail="no snapshot yet: sync first")
            version, station = 0, None
        elif digest is not None:
            decision = Decision(False, r.MALFORMED, detail="code too long or not text")
            version, station = self.snapshot.version, station_of(self.device, self.snapshot)
        else:
            decision = admit(code, scanned_at, self.device, self.snapshot, self.journal, direction)
            version, station = self.snapshot.version, station_of(self.device, self.snapshot)
        device = self.device
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
        return ScanResult(decision, stored)

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
