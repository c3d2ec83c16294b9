"""``vexe worker``: processes stored taps (double use, deny-list, journeys, ledger rides).

Each worker is one consumer in the ``tap-workers`` group of the tap-batch stream (Redis Streams
with VEXE_REDIS_URL, otherwise the in-process stream): a message is a hint that a batch was
stored, answered by processing what is pending and acked after that commit. Messages left
pending by a dead worker are reclaimed after ``--reclaim-idle-s``. Every ``--sweep-s`` seconds
the worker also processes what the database holds unprocessed, so a lost message never loses a
tap. Several workers may run anywhere: rows are claimed with SKIP LOCKED and every effect is
idempotent by tap id.

Every ``--housekeeping-s`` seconds (and once with ``--once``) it also runs the periodic upkeep:
expiring tickets, pruning the deny-list, closing ended tickets in the ledger and expiring orders
abandoned before payment.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from typing import TYPE_CHECKING

import click

from ticketing.cache.tap_stream import TAP_WORKER_GROUP
from vexe.cli.common import CliError, open_runtime, print_json, run_async, settings_from_env
from vexe.logging_config import configure_logging

if TYPE_CHECKING:
    from ticketing.runtime import Runtime


def default_consumer() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@click.command()
@click.option("--once", is_flag=True, help="Process what is pending, then exit.")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--poll-s", default=1.0, show_default=True, type=click.FloatRange(0.05, 60),
              help="Longest wait for a stream message before checking the sweep timer.")
@click.option("--sweep-s", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Process what the database holds unprocessed at least this often.")
@click.option("--reclaim-idle-s", default=60.0, show_default=True,
              type=click.FloatRange(0, 86_400),
              help="Take over messages another consumer left unacked this long.")
@click.option("--consumer", default=None, help="Consumer name (default: hostname-pid).")
@click.option("--max-runtime-s", default=None, type=click.FloatRange(0.1, None),
              help="Stop after this long (default: run until interrupted).")
@click.option("--housekeeping-s", default=300.0, show_default=True, type=click.FloatRange(1, 86_400),
              help="Run ticket expiry, deny-list pruning, ledger closing and order expiry this often.")
@click.option("--json", "as_json", is_flag=True, help="With --once: print the counts.")
def worker(
    once: bool, batch: int, poll_s: float, sweep_s: float, reclaim_idle_s: float,
    consumer: str | None, max_runtime_s: float | None, housekeeping_s: float, as_json: bool,
) -> None:
    """Process uploaded taps: mark singles used, detect double use, build journeys."""
    from ticketing.service.taps.stream import TapStreamWorker

    settings = settings_from_env()
    configure_logging(settings.log_level)

    async def go() -> dict[str, object]:
        deadline = time.monotonic() + max_runtime_s if max_runtime_s else None
        async with open_runtime(settings) as runtime:
            sources = runtime.snapshot_sources
            effects = runtime.tap_effects
            stream = runtime.tap_stream
            if sources is None or effects is None or stream is None:
                raise CliError("tap processing ports are not wired")
            loop = TapStreamWorker(
                runtime.unit_of_work, runtime.clock, sources, effects, stream,
                consumer=consumer or default_consumer(), group=TAP_WORKER_GROUP, batch=batch,
                sweep_every_s=sweep_s, reclaim_idle_ms=int(reclaim_idle_s * 1000),
            )
            if once:
                totals = await loop.run(once=True, block_ms=0)
                upkeep = await _housekeeping(runtime)
                return {"processed": totals.processed, "exceptions": totals.exceptions,
                        "quarantined": totals.quarantined, "unverifiable": totals.unverifiable,
                        "housekeeping": upkeep}
            upkeep_task = asyncio.create_task(_housekeeping_loop(runtime, housekeeping_s, deadline))
            try:
                totals = await loop.run(once=False, block_ms=int(poll_s * 1000), deadline=deadline)
            finally:
                upkeep_task.cancel()
        return {"processed": totals.processed, "exceptions": totals.exceptions}

    totals = run_async(go)
    if as_json:
        print_json(totals)


async def _housekeeping(runtime: Runtime) -> dict[str, int]:
    from ticketing.service.housekeeping import run_housekeeping

    report = await run_housekeeping(runtime.unit_of_work, runtime.clock, runtime.payments,
                                    runtime.payment_handlers)
    return report.as_json()


async def _housekeeping_loop(runtime: Runtime, every_s: float, deadline: float | None) -> None:
    log = logging.getLogger("vexe.worker")
    while deadline is None or time.monotonic() < deadline:
        try:
            log.info("housekeeping", extra=await _housekeeping(runtime))
        except Exception:
            log.exception("housekeeping failed; retrying at the next period")
        await asyncio.sleep(every_s)
