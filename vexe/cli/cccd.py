"""``vexe cccd``: free riders' chip citizen ID cards (the number is hashed, never stored or printed)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from vexe.cli.common import open_runtime, print_json, run_async, settings_from_env

if TYPE_CHECKING:
    from ticketing.service.cccd.subsidy import FreeRideCount


@click.group()
def cccd() -> None:
    """CCCD (chip ID) free riders."""


@cccd.command("register")
@click.option("--number", required=True, help="The 12-digit CCCD number (hashed; not stored).")
@click.option("--category", required=True, help="A free-rider rider_category_id, e.g. nguoi_cao_tuoi.")
@click.option("--by", "registered_by", default="cli", show_default=True, help="Who reviewed the rider.")
@click.option("--json", "as_json", is_flag=True, help="Print the registration as JSON.")
def register(number: str, category: str, registered_by: str, as_json: bool) -> None:
    """Register an eligible rider's CCCD with a rider category (idempotent)."""
    from ticketing.service.cccd.registry import register_cccd

    settings = settings_from_env()

    async def go() -> dict[str, object]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            done = await register_cccd(
                uow.session, runtime.clock, runtime.cccd_secret,
                number=number, category=category, registered_by=registered_by,
            )
        return done.as_json()

    result = run_async(go)
    if as_json:
        print_json(result)
    else:
        state = "registered" if result["created"] else "already registered"
        click.echo(f"{state}: card {result['card_ref']} as {result['category']}")


@cccd.command("report")
@click.option("--from", "first_day", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day.")
@click.option("--to", "last_day", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of JSON.")
def report(first_day: datetime, last_day: datetime, as_csv: bool) -> None:
    """Free rides per rider category, operator and day, for the city's subsidy claim."""
    from ticketing.service.cccd.subsidy import free_ride_counts, subsidy_csv

    settings = settings_from_env()

    async def go() -> list[FreeRideCount]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            return await free_ride_counts(uow.session, first_day=first_day.date(), last_day=last_day.date())

    counts = run_async(go)
    if as_csv:
        click.echo(subsidy_csv(counts), nl=False)
    else:
        print_json({"items": [
            {"service_day": c.service_day.isoformat(), "operator_id": c.operator_id,
             "rider_category_id": c.rider_category_id, "free_rides": c.rides} for c in counts]})
