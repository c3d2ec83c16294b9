"""In-process key-value store for the embedded default (one process, no Redis)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from ticketing.cache.port import RateDecision, require_positive


class MemoryStore:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._values: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    def _live(self, key: str, now: float) -> tuple[str, float] | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        if entry[1] <= now:
            del self._values[key]
            return None
        return entry

    def _sweep(self, now: float) -> None:
        if len(self._values) > 10_000:
            for key in [k for k, (_, exp) in self._values.items() if exp <= now]:
                del self._values[key]

    async def set_if_absent(self, key: str, value: str, ttl_s: int) -> bool:
        require_positive("ttl_s", ttl_s)
        async with self._lock:
            now = self._monotonic()
            self._sweep(now)
            if self._live(key, now) is not None:
                return False
            self._values[key] = (value, now + ttl_s)
            return True

    async def get(self, key: str) -> str | None:
        entry = self._live(key, self._monotonic())
        return None if entry is None else entry[0]

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        require_positive("ttl_s", ttl_s)
        async with self._lock:
            self._values[key] = (value, self._monotonic() + ttl_s)

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    async def hit(self, key: str, limit: int, window_s: int) -> RateDecision:
        require_positive("limit", limit)
        require_positive("window_s", window_s)
        async with self._lock:
            now = self._monotonic()
            entry = self._live(key, now)
            if entry is None:
                count, expires = 1, now + window_s
            else:
                count, expires = int(entry[0]) + 1, entry[1]
            self._values[key] = (str(count), expires)
            retry = max(1, int(expires - now + 0.999))
            return RateDecision(count <= limit, count, limit, 0 if count <= limit else retry)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None
