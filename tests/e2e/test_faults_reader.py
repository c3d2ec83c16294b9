"""Fault tests with real processes: ``vexe serve`` in a subprocess, ``vexe-validator`` readers.

Each fault in its own test: a reader killed with SIGKILL mid-burst; the server down while the
reader keeps scanning; an upload cut mid-batch (request cut, response lost); a corrupt or
truncated journal. Marked ``slow``.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.unit.admission.issuer import Issuer, forged
from tests.unit.validators.harness import BIN, CutProxy, Server, validator, validator_json
from validators.journal import Journal
from validators.store import Store
from validators.sync import SyncClient

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "server")
    srv.migrate()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def issuer(server: Server) -> Issuer:
    return server.issuer()


def enroll(server: Server, store: Path, device_id: str = "bus-1", url: str | None = None) -> None:
    token = server.provision(device_id, vehicle_id=f"V-{device_id}")
    done = validator("enroll", "--store", str(store), "--server", url or server.url, "--token", token)
    assert done.returncode == 0, done.stderr


def codes(issuer: Issuer, n: int) -> list[str]:
    now = datetime.now(UTC)
    out = []
    for i in range(n):
        _, code = issuer.issue(valid_from=now - timedelta(hours=1))
        out.append(forged(code) if i % 7 == 3 else code)
    return out


def server_taps(server: Server) -> dict[str, tuple[int, bool, str]]:
    conn = sqlite3.connect(server.data_dir / "vexe.db")
    try:
        rows = conn.execute("SELECT tap_id, sequence, accepted, reason FROM taps").fetchall()
    finally:
        conn.close()
    return {t: (int(s), bool(a), str(r)) for t, s, a, r in rows}


def journal_taps(store: Path) -> dict[str, tuple[int, bool, str]]:
    journal = Journal.open(store / "journal.db")
    try:
        return {t.tap_id: (t.seq, t.accepted, t.reason) for t in journal.all_taps()}
    finally:
        journal.close()


def test_sigkill_mid_burst_keeps_every_answered_scan(server: Server, issuer: Issuer, tmp_path: Path) -> None:
    store = tmp_path / "reader"
    enroll(server, store)
    burst = codes(issuer, 2000)
    proc = subprocess.Popen(
        [str(BIN / "vexe-validator"), "run", "--store", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None

    def feed() -> None:
        try:
            for code in burst:
                proc.stdin.write(code + "\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    answered: list[dict[str, object]] = []
    deadline = time.monotonic() + 60
    while len(answered) < 300 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        answered.append(json.loads(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    writer.join(timeout=10)
    errors = proc.stderr.read() if proc.stderr else ""
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            with suppress(BrokenPipeError, OSError):
                pipe.close()
    assert len(answered) >= 300, errors
    held = journal_taps(store)
    for decision in answered:
        tap_id = str(decision["tap_id"])
        assert tap_id in held, f"answered scan {tap_id} is missing from the journal"
        assert held[tap_id][1:] == (decision["accepted"], decision["reason"])
    # Sequences are dense: nothing was half-written.
    assert sorted(s for s, _, _ in held.values()) == list(range(1, len(held) + 1))
    assert {d["reason"] for d in answered} == {"accepted", "bad_signature"}
    status = validator_json("status", "--store", str(store), "--json")
    assert status["pending_taps"] == len(held)


def test_offline_scans_sync_exactly_once_when_the_server_returns(
    server: Server, issuer: Issuer, tmp_path: Path
) -> None:
    store = tmp_path / "reader"
    enroll(server, store)
    server.stop()
    scanned = validator("run", "--store", str(store), input_text="\n".join(codes(issuer, 120)) + "\n")
    assert scanned.returncode == 0, scanned.stderr
    decisions = [json.loads(line) for line in scanned.stdout.splitlines()]
    assert len(decisions) == 120
    offline = validator("sync", "--store", str(store), "--json")
    assert offline.returncode != 0
    assert offline.stdout == ""
    assert len(offline.stderr.strip().splitlines()) == 1
    assert "cannot reach" in offline.stderr
    assert validator_json("status", "--store", str(store), "--json")["pending_taps"] == 120
    server.start()
    synced = validator_json("sync", "--store", str(store), "--json")
    assert synced["uploaded"] == 120
    assert synced["acked_through"] == 120
    held = server_taps(server)
    assert held == journal_taps(store)
    again = validator_json("sync", "--store", str(store), "--json")
    assert (again["uploaded"], again["acked_through"]) == (0, 120)
    assert len(server_taps(server)) == 120
    status = validator_json("status", "--store", str(store), "--json")
    assert status["pending_taps"] == 0
    assert status["last_sync_at"] is not None


@pytest.mark.parametrize("mode", ["cut_request", "drop_response"])
def test_upload_cut_mid_batch_then_retry_creates_no_duplicates(
    server: Server, issuer: Issuer, tmp_path: Path, mode: str
) -> None:
    proxy = CutProxy(server.port)
    try:
        store = tmp_path / "reader"
        enroll(server, store, url=proxy.url)
        scanned = validator("run", "--store", str(store),
                            input_text="\n".join(codes(issuer, 1500)) + "\n")
        assert scanned.returncode == 0, scanned.stderr
        proxy.mode, proxy.cut_after_bytes = mode, 20_000
        cut = validator("sync", "--store", str(store), "--json", "--no-progress")
        assert cut.returncode != 0
        assert proxy.cuts >= 1
        stored_after_cut = len(server_taps(server))
        # A request cut in its body stores nothing; a lost answer leaves the whole batch stored.
        assert stored_after_cut == (0 if mode == "cut_request" else 1000)
        proxy.mode = "pass"
        retry = validator_json("sync", "--store", str(store), "--json", "--no-progress")
        assert retry["acked_through"] == 1500
        held = server_taps(server)
        assert len(held) == 1500
        assert held == journal_taps(store)
    finally:
        proxy.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_damaged_journal_is_reported_and_never_replaced(
    server: Server, issuer: Issuer, tmp_path: Path, damage: str
) -> None:
    store = tmp_path / "reader"
    enroll(server, store)
    scanned = validator("run", "--store", str(store), input_text="\n".join(codes(issuer, 400)) + "\n")
    assert scanned.returncode == 0
    path = store / "journal.db"
    journal = Journal.open(path)
    journal._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    data = path.read_bytes()
    damaged = data[: len(data) // 3] if damage == "truncate" else (
        data[:8192] + b"\xff" * 8192 + data[16384:])
    path.write_bytes(damaged)
    _, code = issuer.issue(valid_from=datetime.now(UTC) - timedelta(hours=1))
    for args in (["scan", "--payload", code, "--json"], ["status", "--json"], ["sync", "--json"]):
        done = validator(args[0], "--store", str(store), *args[1:])
        assert done.returncode != 0, args
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "journal" in lines[0]
        assert path.read_bytes() == damaged
    assert sorted(p.name for p in store.iterdir() if p.name.startswith("journal")) in (
        ["journal.db"], ["journal.db", "journal.db-shm", "journal.db-wal"],
        ["journal.db", "journal.db-wal"], ["journal.db", "journal.db-shm"],
    )


def test_reader_with_a_drifted_clock_resyncs_from_the_server(server: Server, tmp_path: Path) -> None:
    store_dir = tmp_path / "reader"
    enroll(server, store_dir)
    store = Store(store_dir)
    journal = Journal.open(store.journal_path)
    drift = timedelta(minutes=20)
    client = SyncClient(store, journal, wall_clock=lambda: datetime.now(UTC) + drift)
    try:
        outcome = client.sync(progress=False)
    finally:
        client.close()
        journal.close()
    assert -1260 < outcome.clock_skew_s < -1140
    status = validator_json("status", "--store", str(store_dir), "--json")
    assert status["snapshot_version"] == outcome.snapshot_version
