"""The reader's append-only tap journal: SQLite, WAL, ``synchronous=FULL``.

A tap is committed (fsynced) before ``append`` returns, so the gate opens only for a decision
that survives a power cut. Taps are never updated or deleted (triggers refuse it); uploads are
recorded as rows in ``syncs``. A journal that cannot be read is reported, never replaced.

A tap row is the shared wire record (``ticketing.admission.tap_wire.TapRecord``) plus the station
the reader stood at; presented codes are stored bounded (``bound_code``), so whatever the reader
was shown is always uploadable. Format 1 journals (no ``code_sha256`` column) are upgraded in
place on open by adding the column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ticketing.admission.model import PriorTap
from ticketing.admission.tap_wire import TapRecord
from ticketing.core.clock import parse_aware

FORMAT = "vexe-journal/2"
_FORMAT_1 = "vexe-journal/1"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE taps (
    seq INTEGER PRIMARY KEY,
    tap_id TEXT NOT NULL UNIQUE,
    scanned_at TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    stop_id TEXT, station_id TEXT, route_id TEXT, vehicle_id TEXT,
    ticket_id TEXT, fare_product_id TEXT, ticket_kind TEXT,
    accepted INTEGER NOT NULL, reason TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '',
    snapshot_version INTEGER NOT NULL,
    code TEXT,
    code_sha256 TEXT
);
CREATE INDEX ix_taps_ticket ON taps (ticket_id, accepted, scanned_at);
CREATE TRIGGER taps_append_only_u BEFORE UPDATE ON taps
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER taps_append_only_d BEFORE DELETE ON taps
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TABLE syncs (
    id INTEGER PRIMARY KEY,
    synced_at TEXT NOT NULL,
    acked_through INTEGER NOT NULL,
    snapshot_version INTEGER,
    clock_skew_s REAL NOT NULL
);
"""


class JournalError(Exception):
    """The journal is missing, corrupt, truncated or not ours. The message is one line."""


@dataclass(frozen=True, slots=True)
class Tap(TapRecord):
    """A journaled tap: the wire record plus the station the reader stood at (local only)."""

    station_id: str | None = None

    @property
    def seq(self) -> int:
        return self.sequence


@dataclass(frozen=True, slots=True)
class SyncRecord:
    synced_at: datetime
    acked_through: int
    snapshot_version: int | None
    clock_skew_s: float


_TAP_COLUMNS = (
    "seq, tap_id, scanned_at, direction, stop_id, station_id, route_id, vehicle_id, ticket_id, "
    "fare_product_id, ticket_kind, accepted, reason, flags, snapshot_version, code, code_sha256"
)


def _tap(row: Sequence[object]) -> Tap:
    return Tap(
        sequence=int(row[0]),  # type: ignore[call-overload]
        tap_id=str(row[1]),
        scanned_at=parse_aware(str(row[2])),
        direction="out" if row[3] == "out" else "in",
        stop_id=row[4],  # type: ignore[arg-type]
        station_id=row[5],  # type: ignore[arg-type]
        route_id=row[6],  # type: ignore[arg-type]
        vehicle_id=row[7],  # type: ignore[arg-type]
        ticket_id=row[8],  # type: ignore[arg-type]
        fare_product_id=row[9],  # type: ignore[arg-type]
        ticket_kind=row[10],  # type: ignore[arg-type]
        accepted=bool(row[11]),
        reason=str(row[12]),
        flags=tuple(f for f in str(row[13]).split(",") if f),
        snapshot_version=int(row[14]),  # type: ignore[call-overload]
        code=row[15],  # type: ignore[arg-type]
        code_sha256=row[16],  # type: ignore[arg-type]
    )


class Journal:
    def __init__(self, path: Path, conn: sqlite3.Connection, device_id: str) -> None:
        self.path = path
        self._conn = conn
        self.device_id = device_id

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, device_id: str) -> Journal:
        if path.exists():
            raise JournalError(f"journal {path} already exists; refusing to overwrite it")
        conn = _connect(path)
        try:
            with conn:
                conn.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
            with conn:
                conn.execute("INSERT INTO meta VALUES ('format', ?), ('device_id', ?)", (FORMAT, device_id))
        except sqlite3.Error as exc:
            conn.close()
            raise JournalError(f"journal {path}: cannot create: {exc}") from None
        return cls(path, conn, device_id)

    @classmethod
    def open(cls, path: Path) -> Journal:
        if not path.exists():
            raise JournalError(
                f"journal {path} is missing; refusing to start a new one (re-enrol the reader)"
            )
        if path.stat().st_size < 512:
            raise JournalError(f"journal {path} is truncated ({path.stat().st_size} bytes)")
        conn = _connect(path)
        try:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if [tuple(r) for r in check] != [("ok",)]:
                raise JournalError(f"journal {path} is corrupt: {check[0][0]}")
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") == _FORMAT_1:
                _upgrade_format_1(conn)
            elif meta.get("format") != FORMAT:
                raise JournalError(f"journal {path} has unknown format {meta.get('format')!r}")
            conn.execute("SELECT count(*) FROM taps").fetchone()
        except JournalError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise JournalError(f"journal {path} is corrupt or not a journal: {exc}") from None
        return cls(path, conn, str(meta["device_id"]))

    def close(self) -> None:
        self._conn.close()

    # -- writing -----------------------------------------------------------------------------
    def append(self, tap: Tap) -> Tap:
        """Store one tap durably and return it with its sequence number."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                row = self._conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM taps").fetchone()
                seq = int(row[0])
                self._conn.execute(
                    f"INSERT INTO taps ({_TAP_COLUMNS}) VALUES "  # noqa: S608 - fixed column list
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        seq, tap.tap_id, tap.scanned_at.isoformat(), tap.direction, tap.stop_id,
                        tap.station_id, tap.route_id, tap.vehicle_id, tap.ticket_id,
                        tap.fare_product_id, tap.ticket_kind, int(tap.accepted), tap.reason,
                        ",".join(tap.flags), tap.snapshot_version, tap.code, tap.code_sha256,
                    ),
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise JournalError(f"journal {self.path}: write failed: {exc}") from None
        return replace(tap, sequence=seq)

    def record_sync(self, record: SyncRecord) -> None:
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT INTO syncs (synced_at, acked_through, snapshot_version, clock_skew_s) "
                    "VALUES (?, ?, ?, ?)",
                    (record.synced_at.isoformat(), record.acked_through, record.snapshot_version,
                     record.clock_skew_s),
                )
        except sqlite3.Error as exc:
            raise JournalError(f"journal {self.path}: write failed: {exc}") from None

    # -- reading -----------------------------------------------------------------------------
    def accepted_taps(self, ticket_id: str) -> list[PriorTap]:
        rows = self._conn.execute(
            "SELECT tap_id, scanned_at, direction, station_id, vehicle_id FROM taps "
            "WHERE ticket_id = ? AND accepted = 1 ORDER BY scanned_at, seq",
            (ticket_id,),
        ).fetchall()
        return [
            PriorTap(str(t), parse_aware(str(at)), "out" if d == "out" else "in", self.device_id,
                     st, vh)
            for t, at, d, st, vh in rows
        ]

    def last_sync(self) -> SyncRecord | None:
        row = self._conn.execute(
            "SELECT synced_at, acked_through, snapshot_version, clock_skew_s FROM syncs "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return SyncRecord(parse_aware(str(row[0])), int(row[1]), row[2], float(row[3]))

    def acked_through(self) -> int:
        row = self._conn.execute("SELECT coalesce(max(acked_through), 0) FROM syncs").fetchone()
        return int(row[0])

    def last_seq(self) -> int:
        return int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM taps").fetchone()[0])

    def pending_count(self) -> int:
        row = self._conn.execute(
            "SELECT count(*) FROM taps WHERE seq > ?", (self.acked_through(),)
        ).fetchone()
        return int(row[0])

    def taps_after(self, seq: int, limit: int) -> list[Tap]:
        rows = self._conn.execute(
            f"SELECT {_TAP_COLUMNS} FROM taps WHERE seq > ? ORDER BY seq LIMIT ?",  # noqa: S608
            (seq, limit),
        ).fetchall()
        return [_tap(r) for r in rows]

    def all_taps(self) -> Iterator[Tap]:
        for row in self._conn.execute(f"SELECT {_TAP_COLUMNS} FROM taps ORDER BY seq"):  # noqa: S608
            yield _tap(row)


def _upgrade_format_1(conn: sqlite3.Connection) -> None:
    """Format 1 → 2: the ``code_sha256`` column (adding a column fires no update trigger)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(taps)").fetchall()}
        if "code_sha256" not in columns:
            conn.execute("ALTER TABLE taps ADD COLUMN code_sha256 TEXT")
        conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (FORMAT,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
    except sqlite3.Error as exc:
        raise JournalError(f"journal {path} is corrupt or not a journal: {exc}") from None
    return conn
