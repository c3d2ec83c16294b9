"""A SQLite file that cannot be opened is a clean error: the driver's worker thread has ended
before the caller gets the exception, so closing the event loop right after is safe (no
"Event loop is closed" traceback from a leftover thread, in a CLI command or in a test)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from ticketing.db.engine import make_engine


def aiosqlite_workers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if "_connection_worker_thread" in t.name}


def test_a_failed_open_leaves_no_driver_thread_behind(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'missing-dir' / 'vexe.db').as_posix()}"
    failures: list[threading.ExceptHookArgs] = []
    hook = threading.excepthook
    threading.excepthook = failures.append
    before = aiosqlite_workers()

    async def open_once() -> None:
        engine = make_engine(url)
        try:
            with pytest.raises(OperationalError):
                async with engine.connect():
                    pass
        finally:
            await engine.dispose()

    try:
        for _ in range(5):
            asyncio.run(open_once())  # the loop closes right after the failure
            assert aiosqlite_workers() - before == set()
    finally:
        threading.excepthook = hook
    assert failures == []
