"""The reader journal: append-only, sequenced, and loud about damage."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from validators.journal import Journal, JournalError, SyncRecord, Tap

AT = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)


def tap(tap_id: str, ticket_id: str | None = "T1", accepted: bool = True) -> Tap:
    return Tap(tap_id, 0, AT, "in", None, None, "29B-001", ticket_id, "bus_single", "single",
               accepted, "accepted" if accepted else "revoked", (), 4, "code")


def test_sequence_numbers_and_pending(tmp_path: Path) -> None:
    journal = Journal.create(tmp_path / "j.db", "dev-1")
    first = journal.append(tap("01JA0000000000000000000001"))
    second = journal.append(tap("01JA0000000000000000000002", accepted=False))
    assert (first.seq, second.seq) == (1, 2)
    assert journal.pending_count() == 2
    journal.record_sync(SyncRecord(AT, 1, 7, 0.5))
    assert journal.pending_count() == 1
    assert [t.tap_id for t in journal.taps_after(1, 10)] == ["01JA0000000000000000000002"]
    assert [p.tap_id for p in journal.accepted_taps("T1")] == ["01JA0000000000000000000001"]
    last = journal.last_sync()
    assert last is not None
    assert (last.acked_through, last.snapshot_version, last.clock_skew_s) == (1, 7, 0.5)
    journal.close()
    reopened = Journal.open(tmp_path / "j.db")
    assert reopened.device_id == "dev-1"
    assert reopened.last_seq() == 2


def test_taps_cannot_be_updated_or_deleted(tmp_path: Path) -> None:
    Journal.create(tmp_path / "j.db", "dev-1").append(tap("01JA0000000000000000000001"))
    conn = sqlite3.connect(tmp_path / "j.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE taps SET accepted = 0")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM taps")
    conn.close()


def test_existing_journal_is_never_overwritten(tmp_path: Path) -> None:
    Journal.create(tmp_path / "j.db", "dev-1").close()
    with pytest.raises(JournalError, match="refusing to overwrite"):
        Journal.create(tmp_path / "j.db", "dev-2")


def test_missing_journal_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="missing"):
        Journal.open(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


def _journal_with_taps(path: Path, n: int) -> bytes:
    journal = Journal.create(path, "dev-1")
    for i in range(n):
        journal.append(tap(f"01JA{i:022d}"))
    journal._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    return path.read_bytes()


def test_truncated_journal_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    data = _journal_with_taps(path, 300)
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(JournalError, match=r"corrupt|truncated|malformed"):
        Journal.open(path)
    assert path.read_bytes() == data[: len(data) // 2]


def test_garbage_journal_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    data = _journal_with_taps(path, 50)
    damaged = data[:4096] + bytes(255 - b for b in data[4096:8192]) + data[8192:]
    path.write_bytes(damaged)
    with pytest.raises(JournalError):
        Journal.open(path)
    assert path.read_bytes() == damaged
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(JournalError, match=r"not a journal|corrupt"):
        Journal.open(path)


def test_foreign_sqlite_file_is_not_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.execute("INSERT INTO other VALUES (zeroblob(4000))")
    conn.commit()
    conn.close()
    with pytest.raises(JournalError, match=r"not a journal|corrupt"):
        Journal.open(path)


_FORMAT_1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE taps (
    seq INTEGER PRIMARY KEY, tap_id TEXT NOT NULL UNIQUE, scanned_at TEXT NOT NULL,
    direction TEXT NOT NULL, stop_id TEXT, station_id TEXT, route_id TEXT, vehicle_id TEXT,
    ticket_id TEXT, fare_product_id TEXT, ticket_kind TEXT, accepted INTEGER NOT NULL,
    reason TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', snapshot_version INTEGER NOT NULL,
    code TEXT
);
CREATE TRIGGER taps_append_only_u BEFORE UPDATE ON taps
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TABLE syncs (id INTEGER PRIMARY KEY, synced_at TEXT NOT NULL, acked_through INTEGER NOT NULL,
    snapshot_version INTEGER, clock_skew_s REAL NOT NULL);
INSERT INTO meta VALUES ('format', 'vexe-journal/1'), ('device_id', 'dev-1');
INSERT INTO taps VALUES (1, '01JA0000000000000000000001', '2025-10-14T01:00:00+00:00', 'in', NULL,
    NULL, NULL, '29B-001', NULL, NULL, NULL, 0, 'malformed', '', 4, '');
"""


def test_a_format_1_journal_is_upgraded_in_place_and_keeps_its_taps(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    conn = sqlite3.connect(path)
    conn.executescript(_FORMAT_1_SCHEMA + "VACUUM;")
    conn.close()
    journal = Journal.open(path)
    [old] = list(journal.all_taps())
    assert (old.seq, old.code, old.code_sha256) == (1, "", None)
    journal.append(tap("01JA0000000000000000000002"))
    journal.close()
    again = Journal.open(path)
    assert [t.seq for t in again.all_taps()] == [1, 2]
    assert again._conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (
        "vexe-journal/2",)
    again.close()
