"""Redis implementation of the key-value port (redis-py asyncio)."""

from __future__ import annotations

from redis.asyncio import Redis

from ticketing.cache.port import RateDecision, require_positive


class RedisStore:
    def __init__(self, client: Redis, prefix: str = "vexe:") -> None:
        self._redis = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, prefix: str = "vexe:") -> RedisStore:
        return cls(Redis.from_url(url, decode_responses=True), prefix)

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def set_if_absent(self, key: str, value: str, ttl_s: int) -> bool:
        require_positive("ttl_s", ttl_s)
        return bool(await self._redis.set(self._k(key), value, nx=True, ex=ttl_s))

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._k(key))
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        require_positive("ttl_s", ttl_s)
        await self._redis.set(self._k(key), value, ex=ttl_s)

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def hit(self, key: str, limit: int, window_s: int) -> RateDecision:
        require_positive("limit", limit)
        require_positive("window_s", window_s)
        full = self._k(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(full)
            pipe.expire(full, window_s, nx=True)
            pipe.ttl(full)
            count, _, ttl = await pipe.execute()
        count = int(count)
        retry = max(1, int(ttl)) if count > limit else 0
        return RateDecision(count <= limit, count, limit, retry)

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()
