"""The key-value port behind rate limits, idempotency records and device nonces.

Redis in production; an in-process store for the embedded single-process default. Both pass the
same contract suite (tests/contract/test_kv_store.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    count: int
    limit: int
    retry_after_s: int


def require_positive(name: str, value: int) -> int:
    """TTLs, limits and windows are whole positive numbers on every implementation (Redis
    refuses ``EX 0``; the in-process store must refuse it too rather than store a dead key)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


class KeyValueStore(Protocol):
    async def set_if_absent(self, key: str, value: str, ttl_s: int) -> bool:
        """Store ``value`` unless ``key`` exists; True when this call stored it."""
        ...

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_s: int) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def hit(self, key: str, limit: int, window_s: int) -> RateDecision:
        """Count one event in the fixed window of ``window_s`` seconds for ``key``."""
        ...

    async def ping(self) -> None:
        """Raise when the store cannot be reached."""
        ...

    async def close(self) -> None: ...
