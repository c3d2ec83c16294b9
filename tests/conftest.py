"""Test fixtures shared by every suite.

Storage backends: SQLite always; PostgreSQL and Redis too when VEXE_TEST_DATABASE_URL /
VEXE_TEST_REDIS_URL are set (CI sets both). When set but unreachable the run fails, never skips.
Migrations run once per session per backend; each test runs in a transaction rolled back at the
end (services' commits become savepoint releases).
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from tests.support.env import BACKENDS, FIXED_NOW, KV_BACKENDS, PG_URL, REDIS_URL, REPO_ROOT
from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.memory_store import MemoryStore
from ticketing.cache.port import KeyValueStore
from ticketing.cache.redis_store import RedisStore
from ticketing.core.clock import FixedClock
from ticketing.db.engine import make_engine
from ticketing.runtime import Runtime
from vexe import migrate


async def _reset_postgres(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    except OSError as exc:  # pragma: no cover - CI misconfiguration
        pytest.fail(f"VEXE_TEST_DATABASE_URL is set but PostgreSQL is unreachable: {exc}")
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Backend name -> URL of a database migrated to head, made once per session."""
    urls: dict[str, str] = {}
    sqlite_path = tmp_path_factory.mktemp("db") / "vexe-test.db"
    urls["sqlite"] = f"sqlite+aiosqlite:///{sqlite_path.as_posix()}"
    if PG_URL:
        asyncio.run(_reset_postgres(PG_URL))
        urls["postgresql"] = PG_URL
    for url in urls.values():
        migrate.upgrade(url)
    return urls


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, migrated_databases: dict[str, str]) -> str:
    return migrated_databases[str(request.param)]


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(db_url)
    yield eng
    await eng.dispose()


@pytest.fixture
async def sessions(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions bound to one connection inside an outer transaction that is rolled back."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        maker = async_sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        yield maker
        if outer.is_active:
            await outer.rollback()


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as s:
        yield s


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture(params=KV_BACKENDS)
async def kv(request: pytest.FixtureRequest) -> AsyncIterator[KeyValueStore]:
    if request.param == "memory":
        store: KeyValueStore = MemoryStore()
        yield store
        return
    assert REDIS_URL is not None
    prefix = f"vexe-test:{uuid.uuid4().hex}:"
    redis_store = RedisStore.from_url(REDIS_URL, prefix=prefix)
    try:
        await redis_store.ping()
    except (OSError, RedisError) as exc:  # pragma: no cover - CI misconfiguration
        pytest.fail(f"VEXE_TEST_REDIS_URL is set but Redis is unreachable: {exc}")
    yield redis_store
    client = redis_store._redis
    keys = [k async for k in client.scan_iter(match=prefix + "*")]
    if keys:
        await client.delete(*keys)
    await redis_store.close()


@pytest.fixture
def access_tokens(clock: FixedClock) -> AccessTokenSigner:
    return AccessTokenSigner(Ed25519PrivateKey.generate(), clock, ttl_s=900)


@pytest.fixture
def runtime(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    access_tokens: AccessTokenSigner,
    tmp_path: Path,
) -> Runtime:
    """A runtime on the test transaction, the in-process store and a fixed clock."""
    return Runtime(
        engine=engine,
        sessions=sessions,
        kv=MemoryStore(),
        clock=clock,
        access_tokens=access_tokens,
        data_dir=tmp_path,
    )


@pytest.fixture
def app(runtime: Runtime, tmp_path: Path) -> FastAPI:
    from vexe.app import create_app
    from vexe.settings import Settings

    settings = Settings(data_dir=tmp_path)
    return create_app(settings, runtime=runtime)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def random_password() -> str:
    return secrets.token_urlsafe(12)


@pytest.fixture
def repo_root() -> Iterator[Path]:
    return REPO_ROOT
