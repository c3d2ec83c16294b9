"""Redis Streams implementation of the tap-batch stream (XADD ~MAXLEN, consumer groups,
XREADGROUP, XACK, XAUTOCLAIM). Needs Redis >= 6.2 (XAUTOCLAIM)."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from ticketing.cache.tap_stream import (
    STREAM_MAXLEN,
    TAP_STREAM_KEY,
    StreamMessage,
    require_non_negative,
)

_FIELD = "batch"


def _messages(entries: Any) -> list[StreamMessage]:
    out: list[StreamMessage] = []
    for entry in entries or []:
        if entry is None:  # an entry trimmed while pending (Redis < 7 answers nil)
            continue
        message_id, fields = entry
        if fields is None:
            continue
        out.append(StreamMessage(str(message_id), str(fields.get(_FIELD, ""))))
    return out


class RedisTapBatchStream:
    def __init__(self, client: Redis, key: str = TAP_STREAM_KEY, maxlen: int = STREAM_MAXLEN) -> None:
        if maxlen <= 0:
            raise ValueError("maxlen must be positive")
        self._redis = client
        self._key = key
        self._maxlen = maxlen
        self._groups: set[str] = set()

    @classmethod
    def from_url(
        cls, url: str, key: str = TAP_STREAM_KEY, maxlen: int = STREAM_MAXLEN
    ) -> RedisTapBatchStream:
        return cls(Redis.from_url(url, decode_responses=True), key, maxlen)

    async def publish(self, batch_ref: str) -> str:
        message_id = await self._redis.xadd(
            self._key, {_FIELD: batch_ref}, maxlen=self._maxlen, approximate=True
        )
        return str(message_id)

    async def ensure_group(self, group: str) -> None:
        try:
            await self._redis.xgroup_create(self._key, group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._groups.add(group)

    async def _with_group(self, group: str, call: Any) -> Any:
        """Run ``call``; if Redis lost the stream or the group (restart without persistence,
        eviction), create the group again once and retry: the database sweep covers the gap."""
        try:
            return await call()
        except ResponseError as exc:
            if "NOGROUP" not in str(exc) or group not in self._groups:
                raise
        await self.ensure_group(group)
        return await call()

    async def consume(
        self, group: str, consumer: str, count: int, block_ms: int
    ) -> list[StreamMessage]:
        if count <= 0:
            raise ValueError("count must be positive")
        require_non_negative("block_ms", block_ms)

        async def read() -> Any:
            return await self._redis.xreadgroup(
                group, consumer, {self._key: ">"}, count=count,
                block=block_ms if block_ms > 0 else None,
            )

        answer = await self._with_group(group, read)
        if not answer:
            return []
        if isinstance(answer, dict):  # RESP3
            return _messages(next(iter(answer.values()))[0])
        return _messages(answer[0][1])

    async def ack(self, group: str, message_id: str) -> bool:
        return int(await self._redis.xack(self._key, group, message_id)) > 0

    async def reclaim(
        self, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[StreamMessage]:
        require_non_negative("min_idle_ms", min_idle_ms)

        async def claim() -> Any:
            return await self._redis.xautoclaim(
                self._key, group, consumer, min_idle_ms, start_id="0-0", count=count
            )

        answer = await self._with_group(group, claim)
        return _messages(answer[1])

    async def pending(self, group: str) -> int:
        summary = await self._redis.xpending(self._key, group)
        return int(summary["pending"])

    async def length(self) -> int:
        return int(await self._redis.xlen(self._key))

    async def aclose(self) -> None:
        await self._redis.aclose()
