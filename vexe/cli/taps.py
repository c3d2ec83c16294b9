"""``vexe taps``: quarantined taps — list them, and re-queue them for processing after a fix."""

from __future__ import annotations

from typing import Any

import click

from ticketing.core.timefmt import human
from vexe.cli.common import CliError, cli_zone, open_runtime, print_json, run_async, settings_from_env

PAGE = 500


@click.group()
def taps() -> None:
    """Uploaded taps the server set aside (quarantined) instead of processing."""


@taps.command("quarantined")
@click.option("--operator", "operator_id", default=None, help="Only this operator's taps.")
@click.option("--device", "device_id", default=None, help="Only this reader's taps.")
@click.option("--json", "as_json", is_flag=True)
def quarantined(operator_id: str | None, device_id: str | None, as_json: bool) -> None:
    """List quarantined taps with the reason (implausible, or processing raised)."""
    from ticketing.service.taps.quarantine import list_quarantined

    settings = settings_from_env()

    async def go() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        after: str | None = None
        async with open_runtime(settings) as runtime:
            for _ in range(100_000):
                async with runtime.unit_of_work() as uow:
                    page = await list_quarantined(uow.session, operator_id=operator_id,
                                                  device_id=device_id, limit=PAGE, after=after)
                    rows.extend({
                        "tap_id": t.tap_id, "device_id": t.device_id, "operator_id": t.operator_id,
                        "sequence": t.sequence, "scanned_at": t.scanned_at,
                        "accepted": t.accepted, "reason": t.reason, "ticket_id": t.ticket_id,
                        "quarantined_at": t.quarantined_at,
                        "quarantine_reason": t.quarantine_reason,
                    } for t in page)
                if len(page) < PAGE:
                    break
                after = page[-1].tap_id
        return rows

    rows = run_async(go)
    if as_json:
        print_json({"items": rows, "next": None})
        return
    for row in rows:
        scanned = human(row["scanned_at"], cli_zone())
        click.echo(f"{row['tap_id']} {row['device_id']}#{row['sequence']} {scanned}: "
                   f"{row['quarantine_reason']}")
    if not rows:
        click.echo("no quarantined taps / không có lượt chạm nào bị cách ly")


@taps.command("requeue")
@click.argument("tap_ids", nargs=-1)
@click.option("--device", "device_id", default=None, help="Every quarantined tap of this reader.")
@click.option("--all", "everything", is_flag=True, help="Every quarantined tap.")
@click.option("--json", "as_json", is_flag=True)
def requeue_cmd(tap_ids: tuple[str, ...], device_id: str | None, everything: bool,
                as_json: bool) -> None:
    """Re-queue quarantined taps: the next processing run takes them again."""
    from ticketing.service.taps.quarantine import requeue

    if sum((bool(tap_ids), device_id is not None, everything)) != 1:
        raise CliError("give tap ids, or --device D, or --all")
    settings = settings_from_env()

    async def go() -> list[str]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            return await requeue(uow.session, operator_id=None,
                                 tap_ids=list(tap_ids) if tap_ids else None, device_id=device_id)

    ids = run_async(go)
    if as_json:
        print_json({"requeued": len(ids), "tap_ids": ids})
    else:
        click.echo(f"{len(ids)} taps re-queued / đã đưa lại {len(ids)} lượt chạm vào hàng đợi")
