"""Dockerfile and compose.yaml agree with the code (Docker itself cannot run in CI here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from vexe import migrate
from vexe.cli import cli
from vexe.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text())
    return loaded


def test_compose_runs_postgres_redis_api_and_worker(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "api", "worker"}
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    api = " ".join(services["api"]["command"])
    assert re.search(r"vexe db upgrade && exec vexe serve --host 0\.0\.0\.0", api)
    assert services["worker"]["command"] == ["vexe", "worker"]
    assert services["worker"]["healthcheck"] == {"disable": True}
    for name in ("api", "worker"):
        assert services[name]["environment"]["VEXE_REDIS_URL"].startswith("redis://redis:")
        assert services[name]["environment"]["VEXE_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert services[name]["environment"]["VEXE_ENV"] == "${VEXE_ENV:-production}"
        assert services[name]["environment"]["VEXE_TAP_PROCESSING"] == "${VEXE_TAP_PROCESSING:-worker}"


def test_compose_only_sets_settings_that_exist(compose: dict[str, Any]) -> None:
    known = {f"VEXE_{name.upper()}" for name in Settings.model_fields}
    for name in ("api", "worker"):
        unknown = {v for v in compose["services"][name]["environment"] if v.startswith("VEXE_")} - known
        assert unknown == set(), f"{name} sets settings vexe does not read: {unknown}"


def test_the_commands_compose_runs_exist() -> None:
    import click

    listed = cli.list_commands(click.Context(cli))  # type: ignore[attr-defined]
    assert {"serve", "db", "worker"} <= set(listed)


def _dockerfile() -> str:
    return (REPO_ROOT / "Dockerfile").read_text()


def test_dockerfile_shape() -> None:
    text = _dockerfile()
    stages = re.findall(r"^FROM\s+(\S+)\s+AS\s+(\w+)", text, re.MULTILINE)
    assert [name for _, name in stages] == ["builder", "runtime"]
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim", text, re.MULTILINE)
    assert "pip wheel" in text
    user = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    assert user == ["10001:10001"]  # numeric, non-root
    assert re.search(r"^HEALTHCHECK .*\n?.*urllib\.request.*/healthz", text, re.MULTILINE)
    assert 'CMD ["vexe", "serve", "--host", "0.0.0.0"' in text


def test_image_ships_migrations_where_vexe_migrate_looks() -> None:
    """The runtime stage copies migrations/ to <venv>/share/vexe/migrations, a place
    vexe.migrate searches when vexe is installed as a wheel (sys.prefix is the venv)."""
    copied = re.search(r"^COPY migrations (\S+)", _dockerfile(), re.MULTILINE)
    assert copied is not None
    venv = Path("/opt/venv")
    wheel_candidate = migrate.MIGRATIONS_CANDIDATES[1].relative_to(sys.prefix)
    assert Path(copied.group(1)) == venv / wheel_candidate
    assert "/opt/venv/bin" in _dockerfile()


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    ignored = set((REPO_ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", "*.pem", ".env"} <= ignored
    assert "migrations" not in ignored
    assert "README.md" not in ignored  # pyproject.toml names it as the package readme


def test_migrations_are_found_beside_the_package_or_under_the_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert migrate.migrations_dir() == REPO_ROOT / "migrations"  # source checkout / editable
    installed = tmp_path / "venv" / "share" / "vexe" / "migrations"
    installed.mkdir(parents=True)
    (installed / "env.py").write_text("")
    site_packages = tmp_path / "site-packages" / "migrations"
    monkeypatch.setattr(migrate, "MIGRATIONS_CANDIDATES", (site_packages, installed))
    assert migrate.migrations_dir() == installed
    monkeypatch.setattr(migrate, "MIGRATIONS_CANDIDATES", (tmp_path / "nowhere",))
    with pytest.raises(FileNotFoundError, match="migration scripts not found"):
        migrate.alembic_config("sqlite://")
