"""The reader on its own store: decisions journaled first, stale snapshots, skew, QR images, CLI."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import qrcode
from click.testing import CliRunner

from tests.unit.admission.issuer import Issuer
from ticketing.admission.snapshot_doc import merge
from ticketing.admission.tap_wire import CODE_CHARS_MAX, TapRecord, parse_tap
from ticketing.core.clock import FixedClock
from validators.cli import cli
from validators.journal import Journal, SyncRecord
from validators.reader import Reader
from validators.store import Identity, Store
from validators.sync import tap_to_wire

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)


def make_store(root: Path, issuer: Issuer, taken_at: datetime = NOW, policy: str = "accept_and_flag",
               deny: tuple[str, ...] = ()) -> Store:
    store = Store(root)
    root.mkdir(parents=True, exist_ok=True)
    store.save_identity(Identity("bus-1", "http://127.0.0.1:9"))
    Journal.create(store.journal_path, "bus-1").close()
    store.save_snapshot_doc(merge(None, {
        "version": 4, "server_time": taken_at.isoformat(), "keys": issuer.jwks(),
        "denylist": {"full": True, "added": list(deny), "removed": []}, "fares": None,
        "device": {"operator_id": "HN_BUS", "mode": "bus", "vehicle_id": "29B-001",
                   "snapshot_max_age_s": 3600, "stale_policy": policy},
    }))
    return store


def test_scan_journals_the_decision(tmp_path: Path) -> None:
    issuer = Issuer()
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(hours=1))
    reader = Reader(make_store(tmp_path, issuer), FixedClock(NOW))
    first = reader.scan(code)
    second = reader.scan(code, NOW + timedelta(minutes=1))
    assert (first.decision.reason, second.decision.reason) == ("accepted", "already_used")
    taps = list(reader.journal.all_taps())
    assert [(t.seq, t.reason, t.ticket_id, t.snapshot_version, t.vehicle_id) for t in taps] == [
        (1, "accepted", ticket_id, 4, "29B-001"), (2, "already_used", ticket_id, 4, "29B-001")]
    assert reader.status()["pending_taps"] == 2
    reader.close()


def test_stale_snapshot_flags_or_rejects(tmp_path: Path) -> None:
    issuer = Issuer()
    _, code = issuer.issue(valid_from=NOW - timedelta(hours=1))
    old = NOW - timedelta(hours=2)
    flagging = Reader(make_store(tmp_path / "a", issuer, taken_at=old), FixedClock(NOW))
    result = flagging.scan(code)
    assert result.decision.accepted
    assert result.as_json()["flags"] == ["snapshot_stale"]
    status = flagging.status()
    assert status["snapshot_stale"] is True
    assert status["snapshot_age_s"] == 7200
    flagging.close()
    strict = Reader(make_store(tmp_path / "b", issuer, taken_at=old, policy="reject"), FixedClock(NOW))
    assert strict.scan(code).decision.reason == "snapshot_stale"
    strict.close()


def test_clock_skew_from_the_last_sync_corrects_scan_time(tmp_path: Path) -> None:
    issuer = Issuer()
    store = make_store(tmp_path, issuer)
    journal = Journal.open(store.journal_path)
    journal.record_sync(SyncRecord(NOW, 0, 4, 90.0))
    journal.close()
    reader = Reader(store, FixedClock(NOW))
    assert reader.now() == NOW + timedelta(seconds=90)
    assert reader.scan("garbage").tap.scanned_at == NOW + timedelta(seconds=90)
    assert reader.status()["clock_skew_s"] == 90.0
    reader.close()


def test_cli_scans_a_qr_image_and_reports_status(tmp_path: Path) -> None:
    issuer = Issuer()
    now = datetime.now(UTC)
    ticket_id, code = issuer.issue(valid_from=now - timedelta(hours=1))
    store = make_store(tmp_path / "store", issuer, taken_at=now)
    image = tmp_path / "frame.png"
    qrcode.make(code, error_correction=qrcode.constants.ERROR_CORRECT_M).save(image)
    runner = CliRunner()
    out = runner.invoke(cli, ["scan", "--store", str(store.root), "--image", str(image), "--json"])
    assert out.exit_code == 0, out.output
    decision = json.loads(out.output)
    assert (decision["accepted"], decision["reason"], decision["ticket_id"]) == (True, "accepted", ticket_id)
    assert decision["tap_id"]
    status = json.loads(runner.invoke(cli, ["status", "--store", str(store.root), "--json"]).output)
    assert {"snapshot_version", "snapshot_age_s", "pending_taps", "last_sync_at"} <= set(status)
    assert status["pending_taps"] == 1


@pytest.mark.parametrize("args", [["--payload", "x", "--image", "y.png"], []])
def test_cli_scan_needs_exactly_one_input(tmp_path: Path, args: list[str]) -> None:
    out = CliRunner().invoke(cli, ["scan", "--store", str(tmp_path), *args, "--json"])
    assert out.exit_code != 0


def test_junk_codes_are_journaled_bounded_and_upload_as_the_shared_wire_shape(tmp_path: Path) -> None:
    issuer = Issuer()
    reader = Reader(make_store(tmp_path, issuer), FixedClock(NOW))
    codes = ["", "Q" * 60_000, "\udcff\x00junk"]
    results = [reader.scan(code) for code in codes]
    assert [r.decision.reason for r in results] == ["malformed"] * 3
    taps = list(reader.journal.all_taps())
    assert [(len(t.code or ""), t.code_sha256 is not None) for t in taps] == [
        (0, False), (CODE_CHARS_MAX, True), (6, True)]
    assert taps[1].code_sha256 == hashlib.sha256(b"Q" * 60_000).hexdigest()
    for journaled in taps:  # what the server will parse: exactly what was journaled
        assert parse_tap(json.loads(json.dumps(tap_to_wire(journaled)))) == TapRecord(
            **{f: getattr(journaled, f) for f in TapRecord.__dataclass_fields__})
    reader.close()
