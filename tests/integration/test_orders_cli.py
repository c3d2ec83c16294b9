"""``vexe orders expire`` on a fresh embedded (SQLite) data directory: runs, reports, is idempotent."""

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


def test_orders_expire_reports_and_refuses_bad_options(env: dict[str, str]) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["orders", "expire", "--older-than-minutes", "5"], env=env)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == {"expired": [], "paid": [], "failed": [], "errors": {}}
    bad = runner.invoke(cli, ["orders", "expire", "--older-than-minutes", "0"], env=env)
    assert bad.exit_code != 0
