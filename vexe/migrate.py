"""Run Alembic migrations programmatically (``vexe db upgrade``, tests)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

# Where the Alembic scripts live: beside the package in a source checkout or editable install,
# or under ``<prefix>/share/vexe/migrations`` when vexe is installed as a wheel (the container
# image copies them there).
MIGRATIONS_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "migrations",
    Path(sys.prefix) / "share" / "vexe" / "migrations",
)


def migrations_dir() -> Path:
    for candidate in MIGRATIONS_CANDIDATES:
        if (candidate / "env.py").is_file():
            return candidate
    looked = ", ".join(str(c) for c in MIGRATIONS_CANDIDATES)
    raise FileNotFoundError(f"migration scripts not found (looked in {looked})")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # The option goes through ConfigParser interpolation: a URL-encoded password ("p%40ss") needs
    # its "%" doubled or Alembic raises "invalid interpolation syntax".
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _in_thread(fn: object, *args: object) -> None:
    # env.py runs its own event loop; keep it off any loop the caller is running.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        fn(*args)  # type: ignore[operator]
        return
    raise RuntimeError("call the async variants from inside an event loop")


def upgrade(url: str, revision: str = "heads") -> None:
    _in_thread(command.upgrade, alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    _in_thread(command.downgrade, alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "heads") -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def downgrade_async(url: str, revision: str = "base") -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)
