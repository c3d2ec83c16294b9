"""``vexe`` — the operator's command line.

Every command reads its settings from ``VEXE_*`` environment variables (docs/configuration.md).
Errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import sys

import click

from vexe.cli import db, demo, serve, staff
from vexe.cli.cccd import cccd
from vexe.cli.common import CliError, run_guarded
from vexe.cli.devices import devices
from vexe.cli.fares import fares
from vexe.cli.keys import keys
from vexe.cli.ledger import ledger, reconcile, settle
from vexe.cli.orders import orders
from vexe.cli.tickets import tickets
from vexe.cli.worker import worker


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="vexe")
def cli() -> None:
    """vexe: e-ticketing for Hanoi's buses, BRT and metro.

    \b
    Start here:
      vexe db upgrade     create or update the database
      vexe demo           load the Hanoi network and demo accounts
      vexe serve          run every API on http://127.0.0.1:8000 (docs at /docs)
    """


cli.add_command(serve.serve)
cli.add_command(db.db)
cli.add_command(demo.demo)
cli.add_command(staff.staff)
cli.add_command(fares)
cli.add_command(devices)
cli.add_command(worker)
cli.add_command(keys)
cli.add_command(tickets)
cli.add_command(ledger)
cli.add_command(settle)
cli.add_command(reconcile)
cli.add_command(cccd)
cli.add_command(orders)


def main(argv: list[str] | None = None) -> None:
    sys.exit(run_guarded(cli, argv))


__all__ = ["CliError", "cli", "main"]
