"""Where the repository is and which storage backends this run tests (from the environment).

Kept out of conftest.py so test and support modules can import them (a conftest is loaded by
pytest, never imported)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXED_NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)  # 08:00 in Hanoi


def asyncpg_url(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


_PG_ENV = os.environ.get("VEXE_TEST_DATABASE_URL")
PG_URL = asyncpg_url(_PG_ENV) if _PG_ENV else None
REDIS_URL = os.environ.get("VEXE_TEST_REDIS_URL") or None
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
KV_BACKENDS = ["memory"] + (["redis"] if REDIS_URL else [])
