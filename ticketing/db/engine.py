"""Engines for both databases with the settings each needs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# Execution option for connections that only read: on SQLite they open a plain (deferred)
# transaction instead of BEGIN IMMEDIATE, so they neither take nor wait for the write lock
# (WAL readers never block). ``await conn.execution_options(**READ_ONLY)``. No effect on PostgreSQL.
READ_ONLY_OPTION = "vexe_read_only"
READ_ONLY: dict[str, Any] = {READ_ONLY_OPTION: True}


# How long a failed SQLite open waits for aiosqlite's worker thread to end (see below).
SQLITE_THREAD_JOIN_S = 5.0


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url, connect_args={"timeout": 30, "async_creator_fn": _open_sqlite}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _open_sqlite(*args: Any, **kwargs: Any) -> Awaitable[Any]:
    """``aiosqlite.connect``, except that a failed open waits for the driver's worker thread.

    When aiosqlite cannot open the file it queues a "stop" for its worker thread and raises at
    once without waiting; the thread then reports the stop to the event loop. If that loop closed
    meanwhile (``asyncio.run`` in a CLI command returning, a test's loop torn down), the thread
    dies with "Event loop is closed" and prints a traceback. Waiting for the thread here, while
    the loop still runs, orders its last report before the caller can close the loop.
    """
    import aiosqlite

    connection = aiosqlite.connect(*args, **kwargs)
    worker = connection if isinstance(connection, threading.Thread) else connection._thread
    worker.daemon = True  # as SQLAlchemy's own connect does: never keep the process alive

    async def opened() -> Any:
        try:
            return await connection
        except BaseException:
            await asyncio.to_thread(worker.join, SQLITE_THREAD_JOIN_S)
            raise

    return opened()


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN/SAVEPOINT work as written.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: concurrent writers queue instead of failing
        # with a lock upgrade error, and read-modify-write is never lost.
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"
