"""In-process tap-batch stream for the embedded default: one process, same semantics as the
Redis consumer groups (at-least-once, pending until acked, reclaim after an idle time)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ticketing.cache.tap_stream import STREAM_MAXLEN, StreamMessage, require_non_negative


@dataclass
class _Pending:
    consumer: str
    delivered_at: float
    batch_ref: str


@dataclass
class _Group:
    last_delivered: int
    pending: OrderedDict[int, _Pending] = field(default_factory=OrderedDict)


class MemoryTapBatchStream:
    def __init__(
        self, maxlen: int = STREAM_MAXLEN, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        if maxlen <= 0:
            raise ValueError("maxlen must be positive")
        self._monotonic = monotonic
        self._entries: deque[tuple[int, str]] = deque(maxlen=maxlen)
        self._next = 1
        self._groups: dict[str, _Group] = {}
        self._published = asyncio.Event()

    @staticmethod
    def _id(seq: int) -> str:
        return f"{seq}-0"

    @staticmethod
    def _seq(message_id: str) -> int:
        head, _, tail = message_id.partition("-")
        if not head.isdigit() or tail != "0":
            raise ValueError(f"not a message id of this stream: {message_id!r}")
        return int(head)

    def _group(self, group: str) -> _Group:
        found = self._groups.get(group)
        if found is None:
            raise LookupError(f"no consumer group {group!r}")
        return found

    async def publish(self, batch_ref: str) -> str:
        seq, self._next = self._next, self._next + 1
        self._entries.append((seq, batch_ref))
        self._published.set()
        self._published = asyncio.Event()
        return self._id(seq)

    async def ensure_group(self, group: str) -> None:
        self._groups.setdefault(group, _Group(last_delivered=0))

    def _take(self, group: _Group, consumer: str, count: int) -> list[StreamMessage]:
        out: list[StreamMessage] = []
        now = self._monotonic()
        for seq, ref in self._entries:
            if len(out) >= count:
                break
            if seq <= group.last_delivered:
                continue
            group.last_delivered = seq
            group.pending[seq] = _Pending(consumer, now, ref)
            out.append(StreamMessage(self._id(seq), ref))
        return out

    async def consume(
        self, group: str, consumer: str, count: int, block_ms: int
    ) -> list[StreamMessage]:
        if count <= 0:
            raise ValueError("count must be positive")
        require_non_negative("block_ms", block_ms)
        state = self._group(group)
        taken = self._take(state, consumer, count)
        if taken or block_ms == 0:
            return taken
        waiter = self._published
        try:
            await asyncio.wait_for(waiter.wait(), timeout=block_ms / 1000)
        except TimeoutError:
            return []
        return self._take(state, consumer, count)

    async def ack(self, group: str, message_id: str) -> bool:
        return self._group(group).pending.pop(self._seq(message_id), None) is not None

    async def reclaim(
        self, group: str, consumer: str, min_idle_ms: int, count: int
    ) -> list[StreamMessage]:
        require_non_negative("min_idle_ms", min_idle_ms)
        state = self._group(group)
        now = self._monotonic()
        retained = {seq for seq, _ in self._entries}
        out: list[StreamMessage] = []
        for seq, entry in list(state.pending.items()):
            if len(out) >= count:
                break
            if seq not in retained:  # trimmed away: nothing left to deliver (Redis 7 does too)
                del state.pending[seq]
                continue
            if (now - entry.delivered_at) * 1000 >= min_idle_ms:
                entry.consumer, entry.delivered_at = consumer, now
                out.append(StreamMessage(self._id(seq), entry.batch_ref))
        return out

    async def pending(self, group: str) -> int:
        return len(self._group(group).pending)

    async def length(self) -> int:
        return len(self._entries)

    async def aclose(self) -> None:
        return None
