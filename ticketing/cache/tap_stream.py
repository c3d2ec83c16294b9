"""The tap-batch stream port: fans uploaded tap batches out to processing workers.

A message is a wake-up hint naming a stored batch (``batch_ref``), never the taps themselves:
the database stays the system of record and workers also sweep it, so a lost message (a publish
that failed after commit, a stream Redis dropped) delays processing but never loses a tap.
Delivery is at-least-once per consumer group; processing is idempotent by tap id.

Redis Streams in production (``tap_stream_redis``); an in-process stream for the embedded
single-process default (``tap_stream_memory``). Both pass tests/contract/test_tap_stream.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

TAP_STREAM_KEY = "vexe:taps:batches"
TAP_WORKER_GROUP = "tap-workers"
STREAM_MAXLEN = 100_000


@dataclass(frozen=True, slots=True)
class StreamMessage:
    message_id: str
    batch_ref: str


class TapBatchStream(Protocol):
    async def publish(self, batch_ref: str) -> str:
        """Append a batch reference (call only after the batch's transaction committed);
        answers the message id. The stream is trimmed to about ``maxlen`` entries."""
        ...

    async def ensure_group(self, group: str) -> None:
        """Create the consumer group (and the stream) unless it exists. A new group starts at
        the oldest retained message, so hints published before the first worker are not missed."""
        ...

    async def consume(
        self, group: str, consumer: str, count: int, block_ms: int
    ) -> list[StreamMessage]:
        """Up to ``count`` messages never delivered to ``group``, now pending for ``consumer``
        until acked. Waits up to ``block_ms`` for one when none is ready (0: do not wait)."""
        ...

    async def ack(self, group: str, message_id: str) -> bool:
        """Remove a message from the group's pending list; True when it was pending."""
        ...

    async def reclaim(
        self, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[StreamMessage]:
        """Take over up to ``count`` messages pending in ``group`` for at least ``min_idle_ms``
        (their consumer died or stalled); they become pending for ``consumer``."""
        ...

    async def pending(self, group: str) -> int:
        """How many delivered messages of ``group`` are not acked yet."""
        ...

    async def length(self) -> int:
        """How many messages the stream retains."""
        ...

    async def aclose(self) -> None: ...


def require_non_negative(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value
