"""``vexe cccd register|report`` on a fresh embedded data directory: the §13 contract
(``{"category", ...}``, never the number in clear) and one-line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vexe import migrate
from vexe.cli import cli
from vexe.cli.common import run_guarded

NUMBER = "001234567890"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    migrate.upgrade(f"sqlite+aiosqlite:///{(tmp_path / 'vexe.db').as_posix()}")
    clean = {k: "" for k in os.environ if k.startswith("VEXE_")}
    return {**clean, "VEXE_DATA_DIR": str(tmp_path), "VEXE_LOG_LEVEL": "WARNING"}


def test_register_json_contract_and_idempotence(env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["cccd", "register", "--number", NUMBER, "--category", "nguoi_cao_tuoi", "--json"]
    first = runner.invoke(cli, args, env=env)
    assert first.exit_code == 0, first.output
    doc = json.loads(first.output)
    assert (doc["category"], doc["created"]) == ("nguoi_cao_tuoi", True)
    assert NUMBER not in first.output
    again = json.loads(runner.invoke(cli, args, env=env).output)
    assert (again["created"], again["card_ref"]) == (False, doc["card_ref"])
    assert NUMBER.encode() not in (tmp_path / "vexe.db").read_bytes()
    report = runner.invoke(
        cli, ["cccd", "report", "--from", "2026-07-01", "--to", "2026-07-01", "--csv"], env=env
    )
    assert (report.exit_code, report.output) == (0, "service_day,operator_id,rider_category_id,free_rides\n")


def test_bad_number_is_one_line_on_stderr(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = run_guarded(cli, ["cccd", "register", "--number", "12", "--category", "ho_ngheo", "--json"])
    out = capsys.readouterr()
    assert (code, out.out) == (1, "")
    assert out.err == "error: cccd_number_invalid: a CCCD number has 12 digits\n"
