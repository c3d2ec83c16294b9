"""Every migration branch goes up, down to base and up again on a fresh SQLite file and a fresh
PostgreSQL database, and the migrated schema matches the ORM models exactly.

Driven through ``vexe.migrate`` with "heads"/"base", so branches other areas add are covered
without editing this file. PostgreSQL uses its own throw-away database beside the test database,
never the session-migrated one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

import ticketing.db.models  # noqa: F401 - registers every table
from tests.support.env import PG_URL
from ticketing.db.base import Base
from ticketing.db.engine import make_engine
from vexe import migrate

ALEMBIC_VERSION = "alembic_version"


def _inspect(url: str, fn: Callable[[Connection], Any]) -> Any:
    async def go() -> Any:
        engine = make_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _partitions(conn: Connection) -> set[str]:
    """PostgreSQL partitions (e.g. taps by service day) are made by code, not models."""
    if conn.dialect.name != "postgresql":
        return set()
    rows = conn.execute(sa.text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relispartition AND n.nspname = current_schema()"
    ))
    return {row[0] for row in rows}


def tables(url: str) -> set[str]:
    return set(_inspect(url, lambda conn: sa.inspect(conn).get_table_names()))


def version_rows(url: str) -> list[str]:
    def fn(conn: Connection) -> list[str]:
        if not sa.inspect(conn).has_table(ALEMBIC_VERSION):
            return []
        return sorted(r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version")))

    result: list[str] = _inspect(url, fn)
    return result


def schema_drift(url: str, metadata: sa.MetaData = Base.metadata) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty = none)."""

    def fn(conn: Connection) -> list[Any]:
        partitions = _partitions(conn)

        def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
            return not (type_ == "table" and name in {ALEMBIC_VERSION} | partitions)

        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include, "target_metadata": metadata}
        )
        diffs: list[Any] = compare_metadata(context, metadata)
        return diffs

    result: list[Any] = _inspect(url, fn)
    return result


def heads() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return sorted(script.get_heads())


def assert_round_trip(url: str) -> None:
    model_tables = set(Base.metadata.tables)
    assert tables(url) == set()

    migrate.upgrade(url, "heads")
    assert tables(url) - {ALEMBIC_VERSION} >= model_tables
    assert version_rows(url) == heads()
    assert schema_drift(url) == []

    migrate.downgrade(url, "base")
    assert tables(url) <= {ALEMBIC_VERSION}, "downgrade to base left tables behind"
    assert version_rows(url) == []

    migrate.upgrade(url, "heads")  # again: downgrades must leave nothing that blocks a new upgrade
    assert version_rows(url) == heads()
    assert schema_drift(url) == []
    migrate.upgrade(url, "heads")  # and upgrading an up-to-date database is a no-op
    assert version_rows(url) == heads()


def test_round_trip_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    assert_round_trip(f"sqlite+aiosqlite:///{(tmp_path / 'migrations.db').as_posix()}")


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    if PG_URL is None:
        pytest.skip("needs VEXE_TEST_DATABASE_URL")
    base = make_url(PG_URL)
    name = f"{base.database}_migrations"
    server = base.set(database="postgres")

    async def admin(statement: str) -> None:
        engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(sa.text(statement))
        finally:
            await engine.dispose()

    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_round_trip_on_a_fresh_postgresql_database(fresh_postgres: str) -> None:
    assert_round_trip(fresh_postgres)


def test_drift_check_can_fail(tmp_path: Path) -> None:
    """The metadata comparison is not vacuous: a model change without a migration shows up."""
    url = f"sqlite+aiosqlite:///{(tmp_path / 'drift.db').as_posix()}"
    migrate.upgrade(url, "heads")
    drifted = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    sa.Table("not_migrated", drifted, sa.Column("id", sa.String(26), primary_key=True))
    drifted.tables["staff_accounts"].append_column(sa.Column("nickname", sa.String(40)))
    diffs = schema_drift(url, drifted)
    kinds = {(d[0], getattr(d[-1], "name", None)) for d in diffs if isinstance(d, tuple)}
    assert ("add_table", "not_migrated") in kinds
    assert ("add_column", "nickname") in kinds


def test_one_base_and_every_branch_labelled() -> None:
    """Areas branch from the foundation with their own label (see docs/architecture.md)."""
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert script.get_bases() == ["0001_foundation"]
    for revision in script.walk_revisions():
        if revision.down_revision == "0001_foundation":
            assert revision.branch_labels, f"{revision.revision} starts a branch without a label"
