"""``vexe worker``: processes stored taps (double use, deny-list, journeys, ledger rides).

The embedded default polls the database for unprocessed taps. Several workers may run: each
batch is one transaction, and every effect is idempotent by tap id.
"""

from __future__ import annotations

import asyncio
import logging
import time

import click

from ticketing.service.devices.ports import (
    SNAPSHOT_SOURCES_PORT,
    TAP_EFFECTS_PORT,
    SnapshotSources,
    TapEffects,
)
from ticketing.service.taps.processing import process_pending_taps
from vexe.cli.common import CliError, open_runtime, print_json, run_async, settings_from_env
from vexe.logging_config import configure_logging

log = logging.getLogger("vexe.worker")


@click.command()
@click.option("--once", is_flag=True, help="Process what is pending, then exit.")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--poll-s", default=1.0, show_default=True, type=click.FloatRange(0.05, 60))
@click.option("--max-runtime-s", default=None, type=click.FloatRange(0.1, None),
              help="Stop after this long (default: run until interrupted).")
@click.option("--json", "as_json", is_flag=True, help="With --once: print the counts.")
def worker(once: bool, batch: int, poll_s: float, max_runtime_s: float | None, as_json: bool) -> None:
    """Process uploaded taps: mark singles used, detect double use, build journeys."""
    settings = settings_from_env()
    configure_logging(settings.log_level)

    async def go() -> dict[str, int]:
        totals = {"processed": 0, "exceptions": 0}
        deadline = time.monotonic() + max_runtime_s if max_runtime_s else None
        async with open_runtime(settings) as runtime:
            sources: SnapshotSources | None = runtime.ports.get(SNAPSHOT_SOURCES_PORT)
            effects: TapEffects | None = runtime.ports.get(TAP_EFFECTS_PORT)
            if sources is None or effects is None:
                raise CliError("tap processing ports are not wired")
            while deadline is None or time.monotonic() < deadline:
                async with runtime.unit_of_work() as uow:
                    result = await process_pending_taps(
                        uow.session, runtime.clock, sources, effects, limit=batch
                    )
                totals["processed"] += result.processed
                totals["exceptions"] += result.exceptions
                if result.processed:
                    log.info("processed %d taps, %d exceptions", result.processed, result.exceptions)
                if result.processed < batch:
                    if once:
                        break
                    await asyncio.sleep(poll_s)
        return totals

    totals = run_async(go)
    if as_json:
        print_json(totals)
