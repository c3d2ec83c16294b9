"""``vexe devices``: provision readers and watch the fleet (docs/decisions.md §7)."""

from __future__ import annotations

from typing import Any

import click

from vexe.cli.common import CliError, open_runtime, print_json, run_async, settings_from_env

PAGE = 500


@click.group()
def devices() -> None:
    """Validator devices: gates at stops, readers on vehicles."""


@devices.command("provision")
@click.option("--device-id", required=True, help="The reader's id (letters, digits, -_.:).")
@click.option("--operator", "operator_id", required=True, help="GTFS agency_id of its operator.")
@click.option("--stop", "stop_id", default=None, help="Stop (gate) the reader stands at.")
@click.option("--vehicle", "vehicle_id", default=None, help="Vehicle (bus) the reader is fitted to.")
@click.option("--route", "route_id", default=None, help="Route the vehicle serves (optional).")
@click.option("--passback-window-s", default=600, show_default=True, type=click.IntRange(0, 86_400))
@click.option("--snapshot-max-age-s", default=86_400, show_default=True,
              type=click.IntRange(60, 30 * 86_400))
@click.option("--stale-policy", type=click.Choice(["accept_and_flag", "reject"]),
              default="accept_and_flag", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def provision(device_id: str, operator_id: str, stop_id: str | None, vehicle_id: str | None,
              route_id: str | None, passback_window_s: int, snapshot_max_age_s: int,
              stale_policy: str, as_json: bool) -> None:
    """Register a reader and print its one-time enrolment token."""
    from ticketing.service.devices.placement import check_placement_in_force
    from ticketing.service.devices.registry import provision_device

    if (stop_id is None) == (vehicle_id is None):
        raise CliError("give exactly one of --stop or --vehicle")
    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            await check_placement_in_force(
                uow.session, runtime.clock.now(), operator_id=operator_id, stop_id=stop_id, route_id=route_id
            )
            made = await provision_device(
                uow.session, runtime.clock, device_id=device_id, operator_id=operator_id,
                stop_id=stop_id, vehicle_id=vehicle_id, route_id=route_id,
                passback_window_s=passback_window_s, snapshot_max_age_s=snapshot_max_age_s,
                stale_policy=stale_policy,
            )
        return {"device_id": made.device_id, "enrolment_token": made.enrolment_token,
                "enrolment_expires_at": made.enrolment_expires_at}

    result = run_async(go)
    if as_json:
        print_json(result)
    else:
        click.echo(f"device {result['device_id']} provisioned; enrolment token (one use): "
                   f"{result['enrolment_token']}")


@devices.command("status")
@click.option("--operator", "operator_id", default=None, help="Only this operator's readers.")
@click.option("--json", "as_json", is_flag=True)
def status(operator_id: str | None, as_json: bool) -> None:
    """Taps received, last sequence, sequence gaps (possibly lost taps), unverifiable and
    quarantined taps, and last sync per reader."""
    from ticketing.service.taps.gaps import fleet_status

    settings = settings_from_env()

    async def go() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        after: str | None = None
        async with open_runtime(settings) as runtime:
            for _ in range(100_000):
                async with runtime.unit_of_work() as uow:
                    page = await fleet_status(uow.session, operator_id=operator_id, limit=PAGE,
                                              after=after)
                rows.extend(h.as_json() for h in page)
                if len(page) < PAGE:
                    break
                after = page[-1].device_id
        return rows

    rows = run_async(go)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        gaps = ", ".join(f"{g['first']}-{g['last']}" for g in row["sequence_gaps"]) or "none"
        click.echo(f"{row['device_id']}: {row['taps_received']} taps, last seq {row['last_sequence']}, "
                   f"gaps {gaps}, unverifiable {row['unverifiable_taps']}, "
                   f"quarantined {row['quarantined_taps']}, last sync {row['last_sync_at'] or 'never'}")


@devices.command("disable")
@click.argument("device_id")
def disable(device_id: str) -> None:
    """Cut a lost or stolen reader off (its signed requests are refused from now on)."""
    from ticketing.service.devices.registry import disable_device

    settings = settings_from_env()

    async def go() -> None:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            await disable_device(uow.session, runtime.clock, device_id)

    run_async(go)
    click.echo(f"device {device_id} disabled")
