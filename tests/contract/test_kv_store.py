"""One contract for the key-value port, run on Redis and on the in-process fallback (`kv`)."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from ticketing.cache.memory_store import MemoryStore
from ticketing.cache.port import KeyValueStore, RateDecision

EXPIRY_DEADLINE_S = 4.0


def _key(name: str) -> str:
    return f"{name}:{uuid.uuid4().hex}"


async def _gone_after(kv: KeyValueStore, key: str) -> float:
    """Poll until ``key`` disappears; the seconds it took. Polling, not sleeping for a guess."""
    started = time.monotonic()
    while await kv.get(key) is not None:
        if time.monotonic() - started > EXPIRY_DEADLINE_S:
            pytest.fail(f"{key} did not expire within {EXPIRY_DEADLINE_S}s")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_ping(kv: KeyValueStore) -> None:
    await kv.ping()


async def test_set_if_absent_stores_once(kv: KeyValueStore) -> None:
    key = _key("nonce")
    assert await kv.set_if_absent(key, "first", 60) is True
    assert await kv.set_if_absent(key, "second", 60) is False
    assert await kv.get(key) == "first"


async def test_set_if_absent_is_atomic_under_concurrency(kv: KeyValueStore) -> None:
    key = _key("idem")
    results = await asyncio.gather(*(kv.set_if_absent(key, str(i), 60) for i in range(25)))
    assert results.count(True) == 1
    winner = results.index(True)
    assert await kv.get(key) == str(winner)


async def test_get_set_delete(kv: KeyValueStore) -> None:
    key = _key("value")
    assert await kv.get(key) is None
    await kv.set(key, "một", 60)
    assert await kv.get(key) == "một"
    await kv.set(key, "hai", 60)  # set overwrites
    assert await kv.get(key) == "hai"
    await kv.delete(key)
    assert await kv.get(key) is None
    await kv.delete(key)  # deleting a missing key is fine
    assert await kv.set_if_absent(key, "again", 60) is True


async def test_keys_do_not_collide(kv: KeyValueStore) -> None:
    a, b = _key("a"), _key("b")
    await kv.set(a, "1", 60)
    assert await kv.get(b) is None
    assert await kv.set_if_absent(b, "2", 60) is True
    assert (await kv.get(a), await kv.get(b)) == ("1", "2")


async def test_values_and_rate_limits_expire(kv: KeyValueStore) -> None:
    """One wait for every kind of expiry: a nonce, a plain value and a rate-limit window."""
    nonce, value, bucket, lasting = _key("nonce"), _key("value"), _key("rl"), _key("lasting")
    assert await kv.set_if_absent(nonce, "n", 1)
    await kv.set(value, "v", 1)
    await kv.set(lasting, "still here", 60)
    assert (await kv.hit(bucket, 1, 1)).allowed
    assert not (await kv.hit(bucket, 1, 1)).allowed
    waited = await _gone_after(kv, nonce)
    assert waited >= 0.5  # not before the TTL (measured from after the first set)
    await _gone_after(kv, value)
    # Once the nonce expired, it can be taken again; the window is over too.
    assert await kv.set_if_absent(nonce, "n2", 60) is True
    deadline = time.monotonic() + EXPIRY_DEADLINE_S
    decision = await kv.hit(bucket, 1, 1)
    while not decision.allowed and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        decision = await kv.hit(bucket, 1, 1)
    assert decision.allowed
    assert await kv.get(lasting) == "still here"


async def test_rate_limit_window_counts_and_refuses(kv: KeyValueStore) -> None:
    key = _key("rl:login")
    decisions = [await kv.hit(key, 3, 60) for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert [d.count for d in decisions] == [1, 2, 3, 4, 5]
    assert all(d.limit == 3 for d in decisions)
    assert [d.retry_after_s for d in decisions[:3]] == [0, 0, 0]
    for refused in decisions[3:]:
        assert 1 <= refused.retry_after_s <= 60
    other = await kv.hit(_key("rl:login"), 3, 60)
    assert other == RateDecision(allowed=True, count=1, limit=3, retry_after_s=0)


async def test_rate_limit_counts_every_concurrent_hit(kv: KeyValueStore) -> None:
    key = _key("rl:burst")
    decisions = await asyncio.gather(*(kv.hit(key, 10, 60) for _ in range(30)))
    assert sorted(d.count for d in decisions) == list(range(1, 31))
    assert sum(d.allowed for d in decisions) == 10


@pytest.mark.parametrize("bad", [0, -5])
async def test_non_positive_ttls_and_limits_are_refused(kv: KeyValueStore, bad: int) -> None:
    key = _key("bad")
    with pytest.raises(ValueError, match="ttl_s"):
        await kv.set_if_absent(key, "x", bad)
    with pytest.raises(ValueError, match="ttl_s"):
        await kv.set(key, "x", bad)
    with pytest.raises(ValueError, match="limit"):
        await kv.hit(key, bad, 60)
    with pytest.raises(ValueError, match="window_s"):
        await kv.hit(key, 5, bad)
    assert await kv.get(key) is None


async def test_memory_store_follows_its_injected_clock() -> None:
    """The in-process store's time source is injectable: windows checked without waiting."""
    now = [1000.0]
    store = MemoryStore(monotonic=lambda: now[0])
    assert await store.set_if_absent("n", "x", 30)
    assert (await store.hit("rl", 1, 10)).allowed
    refused = await store.hit("rl", 1, 10)
    assert (refused.allowed, refused.retry_after_s) == (False, 10)
    now[0] += 9.5
    assert (await store.hit("rl", 1, 10)).retry_after_s == 1
    now[0] += 0.5
    assert (await store.hit("rl", 1, 10)).allowed  # a new window
    assert await store.get("n") == "x"
    now[0] += 20
    assert await store.get("n") is None
    assert await store.set_if_absent("n", "y", 30)
