"""``vexe devices provision|status`` and ``vexe worker --once``: the §12 contracts, on a fresh
embedded (SQLite) data directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vexe import migrate
from vexe.cli import cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    migrate.upgrade(f"sqlite+aiosqlite:///{(tmp_path / 'vexe.db').as_posix()}")
    clean = {k: "" for k in os.environ if k.startswith("VEXE_")}
    return {**clean, "VEXE_DATA_DIR": str(tmp_path), "VEXE_LOG_LEVEL": "WARNING"}


def test_provision_and_status_contracts(env: dict[str, str]) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["devices", "provision", "--device-id", "gate-1", "--operator",
                              "HANOI_METRO", "--stop", "M2A_01", "--json"], env=env)
    assert out.exit_code == 0, out.output
    made = json.loads(out.output)
    assert made["device_id"] == "gate-1"
    assert len(made["enrolment_token"]) >= 24
    bus = runner.invoke(cli, ["devices", "provision", "--device-id", "bus-1", "--operator", "HN_BUS",
                              "--vehicle", "29B-001", "--json"], env=env)
    assert bus.exit_code == 0, bus.output
    status = json.loads(runner.invoke(cli, ["devices", "status", "--json"], env=env).output)
    assert [row["device_id"] for row in status] == ["bus-1", "gate-1"]
    for row in status:
        assert {"device_id", "taps_received", "last_sequence", "sequence_gaps", "last_sync_at"} <= set(row)
        assert (row["taps_received"], row["last_sequence"], row["sequence_gaps"]) == (0, 0, [])


def test_provision_needs_exactly_one_place(env: dict[str, str]) -> None:
    out = CliRunner().invoke(cli, ["devices", "provision", "--device-id", "x", "--operator", "HN_BUS",
                                   "--json"], env=env)
    assert out.exit_code != 0


def test_worker_once_processes_nothing_pending(env: dict[str, str]) -> None:
    out = CliRunner().invoke(cli, ["worker", "--once", "--json"], env=env)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == {
        "processed": 0,
        "exceptions": 0,
        "quarantined": 0,
        "unverifiable": 0,
        "housekeeping": {
            "tickets_expired": 0, "denylist_pruned": 0, "ledger_closed": 0, "orders_expired": 0,
            "topups_expired": 0, "refunds_completed": 0, "refunds_pending": 0, "webhooks_handled": 0,
            "webhooks_failing": 0,
        },
    }


def test_taps_quarantined_and_requeue_verbs(env: dict[str, str]) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["taps", "quarantined", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output) == {"items": [], "next": None}
    nothing = runner.invoke(cli, ["taps", "requeue", "--all", "--json"], env=env)
    assert nothing.exit_code == 0, nothing.output
    assert json.loads(nothing.output) == {"requeued": 0, "tap_ids": []}
    both = runner.invoke(cli, ["taps", "requeue", "--all", "--device", "bus-1"], env=env)
    assert both.exit_code != 0
    assert "give tap ids, or --device D, or --all" in both.output
    status = runner.invoke(cli, ["devices", "provision", "--device-id", "bus-1", "--operator",
                                 "HN_BUS", "--vehicle", "29B-001", "--json"], env=env)
    assert status.exit_code == 0
    fleet = json.loads(runner.invoke(cli, ["devices", "status", "--json"], env=env).output)
    assert (fleet[0]["unverifiable_taps"], fleet[0]["quarantined_taps"]) == (0, 0)
