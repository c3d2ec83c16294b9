"""Tap gauges for /metrics, read from the database at scrape time (every replica answers the same).

``vexe_taps_quarantined{operator_id}``: taps kept but not processed (implausible, or their
processing raised) — alert when it grows. ``vexe_taps_unverifiable{operator_id}``: accepted taps
that failed the evidence rule — alert on any increase (a reader is lying or broken).
"""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import CollectorRegistry, Gauge, generate_latest

from ticketing.runtime import Runtime
from ticketing.service.taps.quarantine import doubtful_tap_counts

log = logging.getLogger("vexe.metrics")
QUERY_TIMEOUT_S = 2.0


async def _counts(runtime: Runtime) -> dict[str, dict[str, int]]:
    async with runtime.unit_of_work() as uow:
        return await doubtful_tap_counts(uow.session)


async def tap_metrics_text(runtime: Runtime) -> bytes:
    """The gauges in the Prometheus text format; empty when the database does not answer."""
    try:
        counts = await asyncio.wait_for(_counts(runtime), QUERY_TIMEOUT_S)
    except Exception:  # metrics never fail the scrape
        log.warning("tap gauges unavailable", exc_info=True)
        return b""
    registry = CollectorRegistry()
    gauges = {
        "quarantined": Gauge("vexe_taps_quarantined", "Taps kept but quarantined (not processed)",
                             ["operator_id"], registry=registry),
        "unverifiable": Gauge("vexe_taps_unverifiable",
                              "Accepted taps that failed the evidence rule (no effect)",
                              ["operator_id"], registry=registry),
    }
    for key, gauge in gauges.items():
        for operator_id, n in counts[key].items():
            gauge.labels(operator_id=operator_id).set(n)
    return generate_latest(registry)
