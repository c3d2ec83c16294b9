"""Tap workers fed by the tap-batch stream, on committed data (both databases, both streams):
two workers process one backlog exactly once, a batch whose publish was lost is processed by the
database sweep, and a message left pending by a killed consumer is reclaimed."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.api.test_device_api import enrolled
from tests.conftest import KV_BACKENDS, REDIS_URL
from tests.unit.admission.issuer import Issuer
from tests.unit.admission.ports import RecordingEffects, StaticSources
from ticketing.cache.tap_stream import TAP_WORKER_GROUP, TapBatchStream
from ticketing.cache.tap_stream_memory import MemoryTapBatchStream
from ticketing.cache.tap_stream_redis import RedisTapBatchStream
from ticketing.core.clock import Clock, FixedClock
from ticketing.core.ids import new_ulid
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Journey, Tap, TapException
from ticketing.db.uow import UnitOfWork
from ticketing.runtime import Runtime
from ticketing.service.devices.registry import provision_device
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.stream import TapStreamWorker, batch_ref, publish_after_commit


@dataclass
class CountingEffects(RecordingEffects):
    """Counts every effect call per tap: a tap processed twice would show a count of 2."""

    used_calls: Counter[str] = field(default_factory=Counter)
    ride_calls: Counter[str] = field(default_factory=Counter)

    async def mark_used(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime, tap_id: str
    ) -> bool:
        self.used_calls[tap_id] += 1
        return await super().mark_used(session, clock, ticket_id=ticket_id, at=at, tap_id=tap_id)

    async def record_ride(
        self, session: AsyncSession, clock: Clock, *, ride_id: str, ticket_id: str, kind: str,
        operator_id: str, at: datetime,
    ) -> None:
        self.ride_calls[ride_id] += 1
        await super().record_ride(session, clock, ride_id=ride_id, ticket_id=ticket_id, kind=kind,
                                  operator_id=operator_id, at=at)


class Ticker:
    """A monotonic clock the test moves (the sweep timer), no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=KV_BACKENDS)
async def stream(request: pytest.FixtureRequest) -> AsyncIterator[TapBatchStream]:
    if request.param == "memory":
        yield MemoryTapBatchStream()
        return
    assert REDIS_URL is not None
    key = f"vexe-test:taps:{uuid.uuid4().hex}"
    client: Redis = Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await client.ping()
    except (OSError, RedisError) as exc:  # pragma: no cover - CI misconfiguration
        pytest.fail(f"VEXE_TEST_REDIS_URL is set but Redis is unreachable: {exc}")
    s = RedisTapBatchStream(client, key=key)
    try:
        yield s
    finally:
        await client.delete(key)
        await s.aclose()


class Site:
    """Committed devices and taps on the shared test database, removed afterwards."""

    def __init__(self, db_url: str, clock: FixedClock) -> None:
        self.clock = clock
        self.engines = [make_engine(db_url), make_engine(db_url)]
        self.makers: list[async_sessionmaker[AsyncSession]] = [make_sessionmaker(e) for e in self.engines]
        self.issuer = Issuer()
        self.sources = StaticSources(self.issuer.jwks())
        self.effects = CountingEffects(self.sources)
        self.tag = uuid.uuid4().hex[:10]
        self.devices: list[str] = []
        self.taps: list[str] = []

    def uow(self, which: int = 0) -> UnitOfWork:
        return UnitOfWork(self.makers[which])

    async def device(self) -> str:
        device_id = f"tw-{self.tag}-{len(self.devices)}"
        async with self.uow() as uow:
            await provision_device(uow.session, self.clock, device_id=device_id, operator_id="HN_BUS",
                                   vehicle_id=f"29B-{len(self.devices):03d}")
        self.devices.append(device_id)
        return device_id

    async def upload(self, device_id: str, count: int, stream: TapBatchStream | None) -> list[str]:
        """One committed batch of ``count`` entries (a fresh single each); published after
        commit unless ``stream`` is None (the publish was lost)."""
        now = self.clock.now()
        async with self.uow() as uow:
            device = await uow.session.get(Device, device_id)
            assert device is not None
            first = int(await uow.session.scalar(
                sa.select(sa.func.count()).select_from(Tap).where(Tap.device_id == device_id)) or 0)
            batch = []
            for n in range(count):
                at = now - timedelta(minutes=50) + timedelta(seconds=first + n)
                ticket_id, code = self.issuer.issue(valid_from=now - timedelta(hours=1))
                batch.append(TapIn(new_ulid(at), first + n + 1, at, "in", None, None, device.vehicle_id,
                                   ticket_id, "bus_single", "single", True, "accepted", (), 0, code))
            result = await ingest_batch(uow.session, self.clock, device, batch)
            publish_after_commit(uow, stream, batch_ref(device_id, result.acked_through))
        ids = [t.tap_id for t in batch]
        self.taps += ids
        return ids

    def worker(self, which: int, stream: TapBatchStream, consumer: str, **kw: object) -> TapStreamWorker:
        return TapStreamWorker(lambda: self.uow(which), self.clock, self.sources, self.effects, stream,
                               consumer=consumer, **kw)  # type: ignore[arg-type]

    async def unprocessed(self, ids: list[str]) -> int:
        async with self.makers[0]() as s:
            return int(await s.scalar(sa.select(sa.func.count()).select_from(Tap).where(
                Tap.tap_id.in_(ids), Tap.processed_at.is_(None))) or 0)

    async def journeys(self) -> list[str]:
        async with self.makers[0]() as s:
            return list((await s.scalars(
                sa.select(Journey.in_tap_id).where(Journey.in_tap_id.in_(self.taps)))).all())

    async def close(self) -> None:
        async with self.uow() as uow:
            for stmt in (
                sa.delete(Journey).where(Journey.in_tap_id.in_(self.taps)),
                sa.delete(TapException).where(TapException.tap_id.in_(self.taps)),
                sa.delete(Tap).where(Tap.device_id.in_(self.devices)),
                sa.delete(Device).where(Device.device_id.in_(self.devices)),
            ):
                await uow.session.execute(stmt)
        for engine in self.engines:
            await engine.dispose()


@pytest.fixture
async def site(db_url: str, clock: FixedClock) -> AsyncIterator[Site]:
    s = Site(db_url, clock)
    try:
        yield s
    finally:
        await s.close()


async def test_two_workers_process_one_backlog_exactly_once(site: Site, stream: TapBatchStream) -> None:
    for _ in range(3):
        device = await site.device()
        for _ in range(4):
            await site.upload(device, 10, stream)
    assert len(site.taps) == 120
    a = site.worker(0, stream, "worker-a", batch=15)
    b = site.worker(1, stream, "worker-b", batch=15)
    await asyncio.gather(a.run(once=True, block_ms=0), b.run(once=True, block_ms=0))
    assert await site.unprocessed(site.taps) == 0
    assert a.totals.processed + b.totals.processed == 120
    assert set(site.effects.used_calls) == set(site.taps)
    assert set(site.effects.used_calls.values()) == {1}
    assert set(site.effects.ride_calls) == set(site.taps)
    assert set(site.effects.ride_calls.values()) == {1}
    journeys = await site.journeys()
    assert sorted(journeys) == sorted(site.taps)
    assert a.totals.acked + b.totals.acked == 12  # every hint acked once, after its commit
    assert await stream.pending(TAP_WORKER_GROUP) == 0
    # Running again changes nothing: the hints are acked and no tap is left.
    await a.run(once=True, block_ms=0)
    assert a.totals.processed + b.totals.processed == 120


async def test_batch_whose_publish_was_lost_is_processed_by_the_sweep(
    site: Site, stream: TapBatchStream
) -> None:
    ticker = Ticker()
    worker = site.worker(0, stream, "w", sweep_every_s=30.0, monotonic=ticker)
    await worker.step(0)  # the first step sweeps (nothing pending yet)
    device = await site.device()
    hinted = await site.upload(device, 3, stream)
    await worker.step(0)  # the hint wakes the worker before any sweep is due
    assert await site.unprocessed(hinted) == 0
    lost = await site.upload(device, 4, None)  # committed, but the publish never happened
    ticker.now += 10
    await worker.step(0)
    assert await site.unprocessed(lost) == 4  # no hint, sweep not due yet
    ticker.now += 25
    await worker.step(0)
    assert await site.unprocessed(lost) == 0
    assert worker.totals.sweeps == 2
    assert set(site.effects.ride_calls.values()) == {1}


async def test_once_sweeps_what_no_message_announced(site: Site, stream: TapBatchStream) -> None:
    device = await site.device()
    lost = await site.upload(device, 5, None)
    worker = site.worker(1, stream, "w")
    totals = await worker.run(once=True, block_ms=0)
    assert totals.processed == 5
    assert await site.unprocessed(lost) == 0


async def test_message_left_pending_by_a_killed_consumer_is_reclaimed(
    site: Site, stream: TapBatchStream
) -> None:
    ticker = Ticker()
    survivor_patient = site.worker(1, stream, "survivor", reclaim_idle_ms=3_600_000, monotonic=ticker)
    survivor = site.worker(1, stream, "survivor", reclaim_idle_ms=0, monotonic=ticker)
    await survivor_patient.step(0)  # creates the group; its first sweep is done
    await survivor.step(0)
    device = await site.device()
    taps = await site.upload(device, 6, stream)
    # The dead consumer took the hint and was killed before processing or acking it.
    taken = await stream.consume(TAP_WORKER_GROUP, "killed", count=10, block_ms=0)
    assert len(taken) == 1
    await survivor_patient.step(0)  # not idle long enough, no sweep due: left alone
    assert await site.unprocessed(taps) == 6
    assert await stream.pending(TAP_WORKER_GROUP) == 1
    await survivor.step(0)
    assert survivor.totals.reclaimed == 1
    assert survivor.totals.acked == 1
    assert await stream.pending(TAP_WORKER_GROUP) == 0
    assert await site.unprocessed(taps) == 0
    assert set(site.effects.ride_calls.values()) == {1}


async def test_publish_happens_only_after_the_upload_commits(site: Site, stream: TapBatchStream) -> None:
    device = await site.device()
    await stream.ensure_group(TAP_WORKER_GROUP)

    async def failing_upload() -> None:
        async with site.uow() as uow:
            publish_after_commit(uow, stream, batch_ref(device, 1))
            raise RuntimeError("upload failed")

    with pytest.raises(RuntimeError, match="upload failed"):
        await failing_upload()
    assert await stream.length() == 0  # rolled back: nothing announced
    async with site.uow() as uow:
        publish_after_commit(uow, stream, batch_ref(device, 7))
        assert await stream.length() == 0  # not before the commit
    got = await stream.consume(TAP_WORKER_GROUP, "c", count=10, block_ms=0)
    assert [m.batch_ref for m in got] == [f"{device}/7"]


async def test_upload_in_worker_mode_announces_the_batch_for_a_worker(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, stream: TapBatchStream
) -> None:
    sources = StaticSources(Issuer().jwks())
    effects = CountingEffects(sources)
    runtime.snapshot_sources, runtime.tap_effects = sources, effects
    runtime.inline_tap_processing, runtime.tap_stream = False, stream
    await stream.ensure_group(TAP_WORKER_GROUP)
    device = await enrolled(client, runtime, clock)
    taps = [device.tap(accepted=False, ticket_id=None, reason="malformed") for _ in range(3)]
    assert (await device.post(taps)).status_code == 200
    assert (await device.post(taps)).json()["stored"] == 0  # a retry stores nothing, announces nothing
    hints = await stream.consume(TAP_WORKER_GROUP, "peek", count=10, block_ms=0)
    assert [m.batch_ref for m in hints] == ["bus-1/3"]
    async with runtime.sessions() as s:  # worker mode: the upload did not process them
        assert await s.scalar(sa.select(sa.func.count()).select_from(Tap).where(
            Tap.device_id == "bus-1", Tap.processed_at.is_(None))) == 3
    worker = TapStreamWorker(runtime.unit_of_work, clock, sources, effects, stream, consumer="w",
                             reclaim_idle_ms=0)
    await worker.run(once=True, block_ms=0)
    assert worker.totals.processed == 3
    assert worker.totals.acked == 1  # the peeked hint, reclaimed and acked after processing
    assert await stream.pending(TAP_WORKER_GROUP) == 0


@pytest.mark.skipif(REDIS_URL is None, reason="needs VEXE_TEST_REDIS_URL")
async def test_redis_losing_the_stream_loses_no_tap(site: Site) -> None:
    assert REDIS_URL is not None
    client: Redis = Redis.from_url(REDIS_URL, decode_responses=True)
    key = f"vexe-test:taps:{uuid.uuid4().hex}"
    stream = RedisTapBatchStream(client, key=key)
    try:
        ticker = Ticker()
        worker = site.worker(0, stream, "w", sweep_every_s=30.0, monotonic=ticker)
        await worker.step(0)  # group created, first sweep done
        device = await site.device()
        lost = await site.upload(device, 4, stream)
        await client.delete(key)  # Redis restarted empty: stream, group and hint are gone
        await worker.step(0)  # recreates the group; no hint, no sweep due yet
        assert await site.unprocessed(lost) == 4
        ticker.now += 31
        await worker.step(0)  # the sweep catches up
        assert await site.unprocessed(lost) == 0
        hinted = await site.upload(device, 2, stream)
        await worker.step(0)  # and hints work again on the recreated group
        assert await site.unprocessed(hinted) == 0
        assert worker.totals.acked == 1
        assert set(site.effects.ride_calls.values()) == {1}
    finally:
        await client.delete(key)
        await stream.aclose()
