"""The CLI's failure contract: one line on stderr, non-zero exit (docs/decisions.md §10)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_URL
from vexe.cli import cli
from vexe.cli.common import run_guarded

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith("VEXE_") and not name.startswith("VEXE_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("VEXE_DATA_DIR", str(tmp_path / "var"))
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers  # a command that got as far as configuring logging
    root.setLevel(level)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run_guarded(cli, argv)
    err = capsys.readouterr().err
    return code, err


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("command", [["serve"], ["db", "upgrade"]])
def test_production_guard_refuses_to_start(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("VEXE_ENV", "production")
    code, err = _run(command, capsys)
    assert code == 1
    assert "refusing to start: VEXE_DATABASE_URL must point at PostgreSQL" in _one_line(err)
    assert not (tmp_path / "var").exists()


def test_each_reason_reaches_the_operator(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("VEXE_ENV", "production")
    monkeypatch.setenv("VEXE_DATABASE_URL", f"postgresql://vexe@127.0.0.1:{_closed_port()}/vexe")
    _, err = _run(["db", "upgrade"], capsys)
    assert "VEXE_PAYMENTS_PROVIDER=sandbox is refused" in _one_line(err)
    monkeypatch.setenv("VEXE_PAYMENTS_PROVIDER", "stripe")
    monkeypatch.setenv("VEXE_STRIPE_API_KEY", "sk_test_x")
    _, err = _run(["db", "upgrade"], capsys)
    assert "VEXE_STRIPE_WEBHOOK_SECRET is required" in _one_line(err)
    monkeypatch.setenv("VEXE_STRIPE_WEBHOOK_SECRET", "whsec_x")
    _, err = _run(["serve"], capsys)
    assert "VEXE_REDIS_URL is required" in _one_line(err)
    monkeypatch.setenv("VEXE_REDIS_URL", f"redis://127.0.0.1:{_closed_port()}/0")
    _, err = _run(["serve"], capsys)
    assert "VEXE_KEY_ENCRYPTION_KEY is required" in _one_line(err)
    monkeypatch.setenv("VEXE_KEY_ENCRYPTION_KEY", "kek")
    _, err = _run(["serve"], capsys)
    assert "VEXE_AUTH_SIGNING_KEY is required" in _one_line(err)


def test_demo_is_refused_in_production(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("VEXE_ENV", "production")
    code, err = _run(["demo"], capsys)
    assert code == 1
    assert "development" in _one_line(err)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("VEXE_ENV", "prod"), ("VEXE_ACCESS_TOKEN_TTL_S", "0"), ("VEXE_LOG_LEVEL", "LOUD")],
)
def test_a_bad_setting_is_named(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(variable, value)
    code, err = _run(["db", "upgrade"], capsys)
    assert code == 1
    assert f"setting {variable}" in _one_line(err)


def test_unreachable_database_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("VEXE_DATABASE_URL", f"postgresql://vexe@127.0.0.1:{_closed_port()}/vexe")
    code, err = _run(["db", "upgrade"], capsys)
    assert code == 1
    assert "ConnectionRefusedError" in _one_line(err)


@pytest.mark.skipif(PG_URL is None, reason="needs VEXE_TEST_DATABASE_URL")
def test_missing_database_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    from sqlalchemy.engine import make_url

    assert PG_URL is not None
    server = make_url(PG_URL).set(database="vexe_no_such_database")
    monkeypatch.setenv("VEXE_DATABASE_URL", server.render_as_string(hide_password=False))
    code, err = _run(["db", "upgrade"], capsys)
    assert code == 1
    assert _one_line(err) == 'error: database: database "vexe_no_such_database" does not exist'


def test_unknown_revision_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["db", "upgrade", "--revision", "no_such_revision"], capsys)
    assert code == 1
    assert "migrations:" in _one_line(err)
    assert "no_such_revision" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["serve", "--port", "0"], capsys)
    assert code == 2
    _one_line(err)
    code, err = _run(["no-such-command"], capsys)
    assert code == 2
    _one_line(err)


def _subprocess_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXE_")}
    env["VEXE_ENV"] = "production"
    env["VEXE_DATA_DIR"] = str(tmp_path / "proc-var")
    return env


def test_the_real_entry_point_refuses_with_one_stderr_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from vexe.cli import main; main()", "serve", "--host", "0.0.0.0"],
        env=_subprocess_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: refusing to start: VEXE_DATABASE_URL must point at PostgreSQL in production, not SQLite"
    ]
    assert not (tmp_path / "proc-var").exists()
