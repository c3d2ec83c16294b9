"""The CLI starts fast: ``import vexe.cli`` and ``vexe --help`` load no web framework, ORM,
migration tool, Redis client or payment SDK, and offline commands load only what they use.

A check of the imported module set, not a timing test (timings on a shared machine are noise);
``bench/cli.py`` measures the time itself (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from vexe.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "redis", "stripe", "httpx",
         "argon2", "mobile_api", "ticketing.db", "ticketing.http", "ticketing.service", "vexe.app")


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (stdout is the JSON list)."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=REPO, timeout=120)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_importing_the_cli_loads_nothing_heavy() -> None:
    assert heavy_in(loaded_after("import vexe.cli")) == []


def test_help_loads_nothing_heavy() -> None:
    code = ("from vexe.cli import cli\n"
            "try:\n    cli.main(['--help'], prog_name='vexe', standalone_mode=False)\n"
            "except SystemExit:\n    pass")
    assert heavy_in(loaded_after(code)) == []


@pytest.mark.parametrize("group", ["db", "serve", "devices", "keys", "fares", "ledger", "tickets", "worker"])
def test_a_group_help_loads_nothing_heavy(group: str) -> None:
    code = ("from vexe.cli import cli\n"
            f"cli.main(['{group}', '--help'], prog_name='vexe', standalone_mode=False)")
    assert heavy_in(loaded_after(code)) == []


def test_checking_a_feed_offline_loads_no_database_or_web_code() -> None:
    feed = REPO / "data" / "gtfs" / "hanoi"
    code = ("from vexe.cli import cli\n"
            "import contextlib, io\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main(['fares', 'check', '--feed', {str(feed)!r}], prog_name='vexe',"
            " standalone_mode=False)")
    assert heavy_in(loaded_after(code)) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_static_help_line_is_the_commands_own(name: str) -> None:
    """``vexe --help`` lists commands from a table; each line must say what the command says."""
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    for limit in (45, 80, 1000):
        assert COMMANDS[name].listing(limit) == command.get_short_help_str(limit)


def test_every_command_in_the_table_is_listed_and_runs_its_help() -> None:
    from click.testing import CliRunner

    listed = CliRunner().invoke(cli, ["--help"])
    assert listed.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in listed.output
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0
