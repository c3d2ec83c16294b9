"""``vexe orders``: rider order housekeeping."""

from __future__ import annotations

from datetime import timedelta

import click

from ticketing.core.errors import Unavailable
from ticketing.service.riders.expiry import BATCH_LIMIT, ORDER_PAYMENT_WINDOW, expire_abandoned_orders
from vexe.cli.common import CliError, open_runtime, print_json, run_async, settings_from_env


@click.group()
def orders() -> None:
    """Rider orders."""


@orders.command("expire")
@click.option(
    "--older-than-minutes", type=click.IntRange(min=1),
    default=int(ORDER_PAYMENT_WINDOW.total_seconds() // 60), show_default=True,
    help="Expire orders still waiting for payment this long after they were placed.",
)
@click.option("--limit", type=click.IntRange(min=1, max=10_000), default=BATCH_LIMIT, show_default=True)
def expire(older_than_minutes: int, limit: int) -> None:
    """Cancel the payment of abandoned orders at the provider and mark them expired (idempotent)."""
    settings = settings_from_env()

    async def go() -> dict[str, object]:
        async with open_runtime(settings) as runtime:
            provider = runtime.payments
            if provider is None:
                raise Unavailable("payments_unavailable", "no payment provider is configured")
            report = await expire_abandoned_orders(
                runtime.unit_of_work, runtime.clock, provider, runtime.payment_handlers,
                window=timedelta(minutes=older_than_minutes), limit=limit,
            )
            return report.as_json()

    try:
        print_json(run_async(go))
    except Unavailable as exc:
        raise CliError(str(exc)) from None
