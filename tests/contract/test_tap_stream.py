"""One contract for the tap-batch stream: the in-process stream and Redis Streams (when
VEXE_TEST_REDIS_URL is set; set but unreachable fails the run)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tests.support.env import KV_BACKENDS, REDIS_URL
from ticketing.cache.tap_stream import TapBatchStream
from ticketing.cache.tap_stream_memory import MemoryTapBatchStream
from ticketing.cache.tap_stream_redis import RedisTapBatchStream

G = "workers"


async def _open(backend: str, maxlen: int) -> AsyncIterator[TapBatchStream]:
    if backend == "memory":
        yield MemoryTapBatchStream(maxlen=maxlen)
        return
    assert REDIS_URL is not None
    key = f"vexe-test:stream:{uuid.uuid4().hex}"
    client: Redis = Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await client.ping()
    except (OSError, RedisError) as exc:  # pragma: no cover - CI misconfiguration
        pytest.fail(f"VEXE_TEST_REDIS_URL is set but Redis is unreachable: {exc}")
    stream = RedisTapBatchStream(client, key=key, maxlen=maxlen)
    try:
        yield stream
    finally:
        await client.delete(key)
        await stream.aclose()


@pytest.fixture(params=KV_BACKENDS)
async def stream(request: pytest.FixtureRequest) -> AsyncIterator[TapBatchStream]:
    async for s in _open(request.param, maxlen=10_000):
        yield s


@pytest.fixture(params=KV_BACKENDS)
async def small_stream(request: pytest.FixtureRequest) -> AsyncIterator[TapBatchStream]:
    async for s in _open(request.param, maxlen=50):
        yield s


async def test_published_refs_are_delivered_once_per_group_in_order(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    ids = [await stream.publish(f"dev-1/{n}") for n in range(5)]
    first = await stream.consume(G, "c1", count=3, block_ms=0)
    rest = await stream.consume(G, "c2", count=10, block_ms=0)
    assert [m.batch_ref for m in first + rest] == [f"dev-1/{n}" for n in range(5)]
    assert [m.message_id for m in first + rest] == ids
    assert await stream.consume(G, "c1", count=10, block_ms=0) == []
    assert await stream.pending(G) == 5


async def test_each_group_gets_every_message(stream: TapBatchStream) -> None:
    await stream.ensure_group("a")
    await stream.publish("x")
    await stream.ensure_group("b")  # a new group starts at the oldest retained message
    await stream.publish("y")
    for group in ("a", "b"):
        got = await stream.consume(group, "c", count=10, block_ms=0)
        assert [m.batch_ref for m in got] == ["x", "y"]


async def test_ensure_group_is_idempotent_and_keeps_position(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    await stream.publish("one")
    assert len(await stream.consume(G, "c", count=10, block_ms=0)) == 1
    await stream.ensure_group(G)
    assert await stream.consume(G, "c", count=10, block_ms=0) == []
    assert await stream.pending(G) == 1


async def test_ack_removes_from_pending_once(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    await stream.publish("one")
    await stream.publish("two")
    got = await stream.consume(G, "c", count=10, block_ms=0)
    assert await stream.ack(G, got[0].message_id) is True
    assert await stream.ack(G, got[0].message_id) is False
    assert await stream.pending(G) == 1
    assert await stream.reclaim(G, "other", min_idle_ms=0, count=10) == [got[1]]


async def test_blocking_consume_wakes_on_publish(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    reader = asyncio.create_task(stream.consume(G, "c", count=10, block_ms=5_000))
    await asyncio.sleep(0)  # the reader may or may not be waiting yet: either way it gets it
    await stream.publish("late")
    got = await asyncio.wait_for(reader, timeout=5)
    assert [m.batch_ref for m in got] == ["late"]


async def test_consume_times_out_empty(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    assert await stream.consume(G, "c", count=10, block_ms=20) == []


async def test_unacked_message_of_a_dead_consumer_is_reclaimed(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    await stream.publish("orphan")
    taken = await stream.consume(G, "dead", count=10, block_ms=0)
    assert len(taken) == 1
    # Not idle long enough yet: stays with its consumer.
    assert await stream.reclaim(G, "alive", min_idle_ms=3_600_000, count=10) == []
    claimed = await stream.reclaim(G, "alive", min_idle_ms=0, count=10)
    assert claimed == taken
    assert await stream.ack(G, claimed[0].message_id) is True
    assert await stream.pending(G) == 0
    assert await stream.reclaim(G, "alive", min_idle_ms=0, count=10) == []


async def test_stream_is_trimmed_near_maxlen(small_stream: TapBatchStream) -> None:
    for n in range(400):
        await small_stream.publish(f"b/{n}")
    length = await small_stream.length()
    # Redis trims approximately (whole macro nodes of up to 100 entries); never below maxlen.
    assert 50 <= length <= 200


async def test_counts_and_block_are_validated(stream: TapBatchStream) -> None:
    await stream.ensure_group(G)
    with pytest.raises(ValueError, match="count"):
        await stream.consume(G, "c", count=0, block_ms=0)
    with pytest.raises(ValueError, match="block_ms"):
        await stream.consume(G, "c", count=1, block_ms=-1)
    with pytest.raises(ValueError, match="min_idle_ms"):
        await stream.reclaim(G, "c", min_idle_ms=-1, count=1)
