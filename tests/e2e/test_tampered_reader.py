"""Readers are untrusted witnesses, driven end to end with real processes: ``vexe serve`` with the
demo network, ``vexe-validator`` readers whose journal is edited as an attacker with the device
would, and ``vexe worker`` / ``vexe taps`` / ``vexe devices`` as an operator runs them.

- forged accepted taps (no code; another device's place) are kept, raise ``unverifiable_tap`` and
  have no effect: the ticket stays unused and no ride is booked;
- taps scanned "in 1969" or "in 9999" are quarantined and a genuine tap behind them is processed;
- an empty, a 60 kB and a binary junk code scanned on a real reader never block its sync.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.unit.validators.harness import BIN, Server, server_env, validator, validator_json
from ticketing.core.ids import new_ulid
from ticketing.service.ledger.postings import SaleItem, record_sale
from ticketing.service.tickets import FileVault, IssuerKeyRing, issue_ticket
from ticketing.tickets import new_ticket_id

pytestmark = pytest.mark.slow

PRODUCT = "bus_single_8000"


def sell(server: Server, n: int) -> list[tuple[str, str]]:
    """Bus singles sold and paid (in the books as unearned fares), as the app sells them."""

    async def go(session: Any, clock: Any) -> list[tuple[str, str]]:
        ring = IssuerKeyRing(FileVault(server.settings().keys_dir / "tickets"), auto_create=True)
        out = []
        for _ in range(n):
            t = await issue_ticket(
                session, clock, ring, ticket_id=new_ticket_id(), fare_product_id=PRODUCT,
                rider_category_id="pho_thong", fare_media_id=None, valid_from=None, holder_id=None,
                order_id=None, device_key_id=None, actor="e2e", reason="counter sale",
            )
            await record_sale(session, clock, sale_id=f"e2e-{t.ticket_id}", provider="sandbox",
                              currency=t.currency, items=[SaleItem(t.ticket_id, t.amount_minor,
                                                                   "single", t.valid_until)])
            out.append((t.ticket_id, t.code))
        return out

    return list(server.run(go))


def enroll(server: Server, store: Path, device_id: str, vehicle: str) -> None:
    token = server.provision(device_id, vehicle_id=vehicle, route_id="BUS_18")
    done = validator("enroll", "--store", str(store), "--server", server.url, "--token", token)
    assert done.returncode == 0, done.stderr


def vexe(server: Server, *args: str) -> Any:
    done = subprocess.run([str(BIN / "vexe"), *args], env=server_env(server.data_dir),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def rows(server: Server, query: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(server.data_dir / "vexe.db")
    try:
        return [tuple(r) for r in conn.execute(query, args).fetchall()]
    finally:
        conn.close()


def tamper(store: Path, *, ticket_id: str, code: str | None, scanned_at: str,
           vehicle_id: str = "29B-001", route_id: str = "BUS_18") -> str:
    """Append an accepted tap to the reader's journal as someone holding the device could:
    the journal is append-only for the reader software, not for a person with the file."""
    tap_id = new_ulid(datetime.now(UTC))
    conn = sqlite3.connect(store / "journal.db")
    try:
        with conn:
            seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM taps").fetchone()[0]
            conn.execute(
                "INSERT INTO taps (seq, tap_id, scanned_at, direction, stop_id, station_id, route_id, "
                "vehicle_id, ticket_id, fare_product_id, ticket_kind, accepted, reason, flags, "
                "snapshot_version, code) VALUES (?, ?, ?, 'in', NULL, NULL, ?, ?, ?, ?, 'single', 1, "
                "'accepted', '', 1, ?)",
                (seq, tap_id, scanned_at, route_id, vehicle_id, ticket_id, PRODUCT, code),
            )
    finally:
        conn.close()
    return tap_id


def status_of(server: Server, ticket_id: str) -> str:
    return str(rows(server, "SELECT status FROM tickets WHERE ticket_id = ?", ticket_id)[0][0])


def test_forged_accepted_taps_have_no_effect(server: Server, tmp_path: Path) -> None:
    (genuine_id, genuine_code), (nulled_id, _), (moved_id, moved_code) = sell(server, 3)
    reader = tmp_path / "reader"
    enroll(server, reader, "bus-a", "29B-001")
    enroll(server, tmp_path / "other", "bus-b", "29B-002")
    scanned = validator_json("scan", "--store", str(reader), "--payload", genuine_code, "--json")
    assert scanned["accepted"], scanned
    now = datetime.now(UTC).isoformat()
    no_code = tamper(reader, ticket_id=nulled_id, code=None, scanned_at=now)
    elsewhere = tamper(reader, ticket_id=moved_id, code=moved_code, scanned_at=now,
                       vehicle_id="29B-002", route_id="BUS_32")
    synced = validator_json("sync", "--store", str(reader), "--json", "--no-progress")
    assert synced["acked_through"] == 3
    vexe(server, "worker", "--once", "--json")
    assert rows(server, "SELECT count(*) FROM taps WHERE processed_at IS NULL") == [(0,)]
    assert status_of(server, genuine_id) == "used"
    assert status_of(server, nulled_id) != "used"
    assert status_of(server, moved_id) != "used"
    booked = rows(server, "SELECT ticket_id FROM ledger_rides")
    assert booked == [(genuine_id,)]
    found = dict(rows(server, "SELECT tap_id, detail FROM tap_exceptions WHERE kind = 'unverifiable_tap'"))
    assert set(found) == {no_code, elsewhere}
    assert "is not the device's registration" in found[elsewhere]
    fleet = {row["device_id"]: row for row in vexe(server, "devices", "status", "--json")}
    assert (fleet["bus-a"]["unverifiable_taps"], fleet["bus-a"]["quarantined_taps"]) == (2, 0)


def test_implausible_taps_are_quarantined_and_genuine_ones_behind_them_processed(
    server: Server, tmp_path: Path
) -> None:
    (old_id, old_code), (new_id, new_code), (later_id, later_code) = sell(server, 3)
    reader = tmp_path / "reader"
    enroll(server, reader, "bus-a", "29B-001")
    past = tamper(reader, ticket_id=old_id, code=old_code, scanned_at="1969-12-31T23:59:00+00:00")
    future = tamper(reader, ticket_id=old_id, code=old_code, scanned_at="9999-12-31T00:00:00+00:00")
    assert validator_json("scan", "--store", str(reader), "--payload", new_code, "--json")["accepted"]
    synced = validator_json("sync", "--store", str(reader), "--json", "--no-progress")
    assert synced["acked_through"] == 3
    vexe(server, "worker", "--once", "--json")
    assert status_of(server, new_id) == "used"
    assert status_of(server, old_id) != "used"
    listed = vexe(server, "taps", "quarantined", "--json")
    assert sorted(t["tap_id"] for t in listed["items"]) == sorted([past, future])
    assert vexe(server, "taps", "requeue", "--all", "--json")["requeued"] == 2
    vexe(server, "worker", "--once", "--json")  # still implausible: quarantined again, no exit
    assert len(vexe(server, "taps", "quarantined", "--json")["items"]) == 2
    # Later syncs keep working and later taps are processed.
    assert validator_json("scan", "--store", str(reader), "--payload", later_code, "--json")["accepted"]
    assert validator_json("sync", "--store", str(reader), "--json")["acked_through"] == 4
    vexe(server, "worker", "--once", "--json")
    assert status_of(server, later_id) == "used"
    fleet = {row["device_id"]: row for row in vexe(server, "devices", "status", "--json")}
    assert fleet["bus-a"]["quarantined_taps"] == 2


def test_junk_codes_scanned_on_a_real_reader_never_block_its_sync(
    server: Server, tmp_path: Path
) -> None:
    [(ticket_id, code)] = sell(server, 1)
    reader = tmp_path / "reader"
    enroll(server, reader, "bus-a", "29B-001")
    empty = validator_json("scan", "--store", str(reader), "--payload", "", "--json")
    huge = validator_json("scan", "--store", str(reader), "--payload", "Q" * 60_000, "--json")
    assert (empty["accepted"], huge["accepted"]) == (False, False)
    junk = subprocess.run([str(BIN / "vexe-validator"), "run", "--store", str(reader)],
                          input=b"\xff\xfe\x00junk\n", capture_output=True, timeout=60, check=False)
    assert junk.returncode == 0, junk.stderr
    assert json.loads(junk.stdout)["reason"] == "malformed"
    first = validator_json("sync", "--store", str(reader), "--json")
    assert (first["uploaded"], first["acked_through"]) == (3, 3)
    stored = dict(rows(server, "SELECT sequence, length(code) FROM taps"))
    assert stored == {1: 0, 2: 1024, 3: 7}
    assert validator_json("scan", "--store", str(reader), "--payload", code, "--json")["accepted"]
    second = validator_json("sync", "--store", str(reader), "--json")
    assert (second["uploaded"], second["acked_through"]) == (1, 4)
    vexe(server, "worker", "--once", "--json")
    assert status_of(server, ticket_id) == "used"
    assert validator_json("status", "--store", str(reader), "--json")["pending_taps"] == 0
