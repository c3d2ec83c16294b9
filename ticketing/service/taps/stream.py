"""Tap batches on the stream: the publisher side (after the upload's commit) and the worker
that consumes hints, processes, acks after its commit, reclaims a dead consumer's messages and
sweeps the database as the safety net.

A message only says "a batch was stored"; the worker answers it by processing whatever is
pending (``process_pending_taps`` claims rows with SKIP LOCKED, so several workers never take
the same tap, and every effect is idempotent by tap id). A publish that never happened, a
message trimmed or lost with Redis, or a worker killed before its ack therefore delays a batch
until the next sweep or reclaim, and never loses or doubles it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from ticketing.cache.tap_stream import TAP_WORKER_GROUP, StreamMessage, TapBatchStream
from ticketing.core.clock import Clock
from ticketing.db.uow import UnitOfWork
from ticketing.service.devices.ports import SnapshotSources, TapEffects
from ticketing.service.taps.processing import process_pending_taps

log = logging.getLogger("vexe.worker")


def batch_ref(device_id: str, acked_through: int) -> str:
    """What a message names: the device and the highest sequence held after the upload."""
    return f"{device_id}/{acked_through}"


def publish_after_commit(uow: UnitOfWork, stream: TapBatchStream | None, ref: str) -> None:
    """Queue the publish for after the upload's commit (never before: a worker must find the
    rows). A failed publish is logged by the unit of work; the sweep processes the batch."""
    if stream is None:
        return

    async def publish() -> None:
        await stream.publish(ref)

    uow.after_commit(publish)


@dataclass
class WorkerTotals:
    processed: int = 0
    exceptions: int = 0
    quarantined: int = 0
    unverifiable: int = 0
    acked: int = 0
    reclaimed: int = 0
    sweeps: int = 0


class TapStreamWorker:
    """One consumer of the tap-batch stream. Run as many as needed, in any processes."""

    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        clock: Clock,
        sources: SnapshotSources,
        effects: TapEffects,
        stream: TapBatchStream,
        *,
        consumer: str,
        group: str = TAP_WORKER_GROUP,
        batch: int = 500,
        sweep_every_s: float = 30.0,
        reclaim_idle_ms: int = 60_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow, self._clock = unit_of_work, clock
        self._sources, self._effects = sources, effects
        self._stream, self._group, self._consumer = stream, group, consumer
        self._batch, self._sweep_every_s = batch, sweep_every_s
        self._reclaim_idle_ms = reclaim_idle_ms
        self._monotonic = monotonic
        self._next_sweep = 0.0  # the first step always sweeps: catches up after any outage
        self._grouped = False
        self.totals = WorkerTotals()

    async def drain(self) -> int:
        """Process pending taps, one transaction per batch, until none is left for us."""
        processed = 0
        while True:
            async with self._uow() as uow:
                result = await process_pending_taps(
                    uow.session, self._clock, self._sources, self._effects, limit=self._batch
                )
            processed += result.processed
            self.totals.processed += result.processed
            self.totals.exceptions += result.exceptions
            self.totals.quarantined += result.quarantined
            self.totals.unverifiable += result.unverifiable
            if result.processed:
                log.info("processed %d taps, %d exceptions, %d quarantined, %d unverifiable",
                         result.processed, result.exceptions, result.quarantined,
                         result.unverifiable)
            if result.processed < self._batch:
                return processed

    async def _messages(self, block_ms: int) -> list[StreamMessage]:
        """Reclaimed then new messages; a stream outage is logged and treated as no message
        (the sweep keeps processing from the database)."""
        try:
            if not self._grouped:
                await self._stream.ensure_group(self._group)
                self._grouped = True
            reclaimed = await self._stream.reclaim(
                self._group, self._consumer, self._reclaim_idle_ms, self._batch
            )
            self.totals.reclaimed += len(reclaimed)
            fresh = await self._stream.consume(
                self._group, self._consumer, self._batch, 0 if reclaimed else block_ms
            )
        except Exception:
            log.exception("tap stream unavailable; relying on the database sweep")
            self._next_sweep = 0.0
            if block_ms:
                await asyncio.sleep(block_ms / 1000)
            return []
        return reclaimed + fresh

    async def step(self, block_ms: int) -> int:
        """Wait up to ``block_ms`` for hints; process when hinted or when the sweep is due;
        ack the hints after the processing transactions committed. Answers taps processed."""
        messages = await self._messages(block_ms)
        processed = 0
        if messages or self._monotonic() >= self._next_sweep:
            if not messages:
                self.totals.sweeps += 1
            try:
                processed = await self.drain()
            except Exception:  # the database failed, not a tap (taps are isolated): keep running
                log.exception("tap processing failed; the hints stay pending and are retried")
                self._next_sweep = self._monotonic() + min(self._sweep_every_s, 5.0)
                if block_ms:
                    await asyncio.sleep(min(block_ms, 5000) / 1000)
                return 0
            self._next_sweep = self._monotonic() + self._sweep_every_s
        for message in messages:
            try:
                if await self._stream.ack(self._group, message.message_id):
                    self.totals.acked += 1
            except Exception:  # stays pending; reclaimed later, processing is idempotent
                log.exception("ack of %s failed", message.message_id)
        return processed

    async def run(self, *, once: bool, block_ms: int, deadline: float | None = None) -> WorkerTotals:
        """``once``: take what is there, process all pending, ack, return. Otherwise loop until
        ``deadline`` (a ``monotonic`` time) or forever."""
        if once:
            await self.step(0)
            return self.totals
        while deadline is None or self._monotonic() < deadline:
            wait = block_ms
            if deadline is not None:
                wait = max(1, min(block_ms, int((deadline - self._monotonic()) * 1000)))
            await self.step(wait)
        return self.totals
