"""End to end with real processes: issue tickets → enrol readers → sync → offline → 1,000 scans
(valid, revoked, passback, already used, forged, garbage) → sync → the server holds exactly those
taps and decisions, and the single used on two readers is on the deny-list at the next snapshot."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.unit.admission.issuer import forged
from tests.unit.validators.harness import BIN, Server, server_env, validator, validator_json
from ticketing.service.tickets import FileVault, IssuerKeyRing, issue_ticket, revoke_ticket
from ticketing.tickets import new_ticket_id
from validators.journal import Journal

pytestmark = pytest.mark.slow


def issue(server: Server, product: str, n: int, media: str | None = None) -> list[tuple[str, str]]:
    async def go(session: Any, clock: Any) -> list[tuple[str, str]]:
        ring = IssuerKeyRing(FileVault(server.settings().keys_dir / "tickets"), auto_create=True)
        out = []
        for _ in range(n):
            t = await issue_ticket(
                session, clock, ring, ticket_id=new_ticket_id(), fare_product_id=product,
                rider_category_id="pho_thong", fare_media_id=media, valid_from=None, holder_id=None,
                order_id=None, device_key_id=None, actor="e2e", reason="counter sale",
            )
            out.append((t.ticket_id, t.code))
        return out

    return list(server.run(go))


def revoke(server: Server, ticket_ids: list[str]) -> None:
    async def go(session: Any, clock: Any) -> None:
        for ticket_id in ticket_ids:
            await revoke_ticket(session, clock, ticket_id=ticket_id, reason="fraud", actor="e2e")

    server.run(go)


def enroll(server: Server, store: Path, device_id: str, vehicle: str) -> None:
    token = server.provision(device_id, vehicle_id=vehicle, route_id="BUS_18")
    done = validator("enroll", "--store", str(store), "--server", server.url, "--token", token)
    assert done.returncode == 0, done.stderr


def run_reader(store: Path, codes: list[str]) -> list[dict[str, Any]]:
    done = validator("run", "--store", str(store), input_text="\n".join(codes) + "\n", timeout=300)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def server_rows(server: Server, query: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(server.data_dir / "vexe.db")
    try:
        return [tuple(r) for r in conn.execute(query, args).fetchall()]
    finally:
        conn.close()


def test_thousand_offline_scans_reach_the_server_exactly(server: Server, tmp_path: Path) -> None:
    singles = issue(server, "bus_single_8000", 620)
    passes = issue(server, "bus_month_interline", 20, media="tramoc_card")
    revoked, singles = singles[:20], singles[20:]
    revoke(server, [t for t, _ in revoked])

    reader_a, reader_b = tmp_path / "reader-a", tmp_path / "reader-b"
    enroll(server, reader_a, "bus-a", "29B-001")
    enroll(server, reader_b, "bus-b", "29B-002")
    assert validator_json("status", "--store", str(reader_a), "--json")["snapshot_version"] >= 20

    server.stop()  # both readers are offline from here
    rng = random.Random(20251014)
    plan: list[tuple[str, str]] = []
    plan += [(code, "accepted") for _, code in singles]
    plan += [(code, "revoked") for _, code in revoked]
    plan += [(forged(code), "bad_signature") for _, code in rng.sample(singles, 200)]
    plan += [("not-a-ticket-" + str(i), "malformed") for i in range(40)]
    rng.shuffle(plan)
    # Passes three times in a row (passback), then singles seen again (already used).
    for _, code in passes:
        plan += [(code, "accepted"), (code, "passback"), (code, "passback")]
    plan += [(code, "already_used") for _, code in singles[:80]]
    assert len(plan) == 1000

    decisions = run_reader(reader_a, [code for code, _ in plan])
    assert [d["reason"] for d in decisions] == [reason for _, reason in plan]
    assert Counter(d["accepted"] for d in decisions) == {True: 620, False: 380}
    double_id, double_code = singles[0]
    on_b = run_reader(reader_b, [double_code])
    assert on_b[0]["accepted"]  # offline, reader B cannot know reader A used it

    server.start()
    synced_a = validator_json("sync", "--store", str(reader_a), "--json", "--no-progress")
    assert (synced_a["uploaded"], synced_a["acked_through"]) == (1000, 1000)
    synced_b = validator_json("sync", "--store", str(reader_b), "--json")
    assert synced_b["uploaded"] == 1

    journal = Journal.open(reader_a / "journal.db")
    held_a = {t.tap_id: (t.seq, t.accepted, t.reason, t.ticket_id) for t in journal.all_taps()}
    journal.close()
    rows = server_rows(server, "SELECT tap_id, sequence, accepted, reason, ticket_id FROM taps "
                               "WHERE device_id = 'bus-a'")
    assert {r[0]: (r[1], bool(r[2]), r[3], r[4]) for r in rows} == held_a
    assert {d["tap_id"] for d in decisions} == set(held_a)
    assert server_rows(server, "SELECT count(*) FROM taps") == [(1001,)]

    # Processing runs after the answers were sent: wait (bounded) until the server has done it.
    deadline = time.monotonic() + 300
    while server_rows(server, "SELECT count(*) FROM taps WHERE processed_at IS NULL") != [(0,)]:
        assert time.monotonic() < deadline, "tap processing did not finish"
        time.sleep(0.5)
    # The server found the double use, deny-listed the ticket, and says so in the next snapshot.
    exceptions = server_rows(server, "SELECT kind, ticket_id FROM tap_exceptions")
    assert exceptions == [("double_use", double_id)]
    assert server_rows(server, "SELECT count(*) FROM ticket_denylist WHERE ticket_id = ?",
                       double_id) == [(1,)]
    resync = validator_json("sync", "--store", str(reader_a), "--json")
    assert resync["snapshot_version"] > synced_a["snapshot_version"]
    snapshot = json.loads((reader_a / "snapshot.json").read_text())
    assert double_id in snapshot["denylist"]
    again = validator_json("scan", "--store", str(reader_a), "--payload", double_code, "--json")
    assert (again["accepted"], again["reason"]) == (False, "revoked")

    status = json.loads(subprocess.run(
        [str(BIN / "vexe"), "devices", "status", "--json"], env=server_env(server.data_dir),
        capture_output=True, text=True, timeout=60, check=True).stdout)
    fleet = {row["device_id"]: row for row in status}
    assert fleet["bus-a"]["taps_received"] == 1000
    assert fleet["bus-a"]["last_sequence"] == 1000
    assert fleet["bus-a"]["sequence_gaps"] == []
    assert fleet["bus-b"]["taps_received"] == 1
    # Singles accepted by a reader are marked used on the server; the double-used one is revoked.
    used = server_rows(server, "SELECT count(*) FROM tickets WHERE status = 'used'")
    assert used == [(599,)]
    assert server_rows(server, "SELECT status FROM tickets WHERE ticket_id = ?", double_id) == [
        ("revoked",)]
