"""``vexe demo --history``: a week of past sales and rides booked on their own days, the days
before yesterday settled, yesterday left to settle; the books balance; a rerun adds nothing."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.unit.validators.harness import BIN, server_env

pytestmark = pytest.mark.slow


def _vexe(data_dir: Path, *args: str) -> dict[str, object]:
    done = subprocess.run([str(BIN / "vexe"), *args], env=server_env(data_dir), capture_output=True,
                          text=True, timeout=300, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    loaded: dict[str, object] = json.loads(done.stdout)
    return loaded


def test_demo_history_gives_the_console_a_week_to_show_and_a_day_to_settle(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first = _vexe(data, "demo", "--history", "--json")
    yesterday = (datetime.now(UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=1))
    activity = first["activity"]
    assert isinstance(activity, dict)
    assert activity["created"] is True
    assert activity["rides"] >= 14  # at least two per operator and day
    assert activity["days_settled"] == 12  # six days × two operators
    assert activity["to_settle"] == yesterday.isoformat()
    books = _vexe(data, "ledger", "trial-balance", "--json")
    assert books["balanced"] is True
    assert books["debits_minor"] == books["credits_minor"]
    again = _vexe(data, "demo", "--history", "--json")
    assert again["activity"] == {"seeded": True, "created": False}
    assert _vexe(data, "ledger", "trial-balance", "--json") == books
