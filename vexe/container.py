"""Composition root: settings in, wired runtime out. The only place adapters meet services."""

from __future__ import annotations

from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.memory_store import MemoryStore
from ticketing.cache.port import KeyValueStore
from ticketing.cache.redis_store import RedisStore
from ticketing.core.clock import Clock, SystemClock
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.runtime import Runtime
from vexe.keyfiles import load_or_create_ed25519_pem
from vexe.settings import Settings
from vexe.wiring import PORT_WIRINGS


def build_kv(settings: Settings) -> KeyValueStore:
    if settings.redis_url:
        return RedisStore.from_url(settings.redis_url)
    return MemoryStore()


def build_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    settings.ensure_safe()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    engine = make_engine(settings.resolved_database_url)
    if settings.auth_signing_key is not None:
        auth_pem = settings.auth_signing_key.get_secret_value().encode()
    else:
        auth_pem = load_or_create_ed25519_pem(settings.keys_dir / "auth_ed25519.pem")
    runtime = Runtime(
        engine=engine,
        sessions=make_sessionmaker(engine),
        kv=build_kv(settings),
        clock=clock,
        access_tokens=AccessTokenSigner.from_pem(auth_pem, clock, settings.access_token_ttl_s),
        data_dir=settings.data_dir,
        is_production=settings.is_production,
        redis_configured=bool(settings.redis_url),
    )
    for wire in PORT_WIRINGS:
        wire(settings, runtime)
    return runtime

