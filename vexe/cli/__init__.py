"""``vexe`` — the operator's command line.

Every command reads its settings from ``VEXE_*`` environment variables (docs/configuration.md).
Errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import sys

import click

from vexe.cli.common import CliError, run_guarded
from vexe.cli.lazy import LazyCommand, LazyGroup

# name -> where the command lives and the line ``vexe --help`` shows for it (the same as the
# command's own short help; tests/unit/test_cli_startup.py keeps them equal).
COMMANDS: dict[str, LazyCommand] = {
    "serve": LazyCommand("vexe.cli.serve", "serve",
                         "Run every API (rider, operator, device, webhooks) in one process."),
    "db": LazyCommand("vexe.cli.db", "db", "Database schema migrations (Alembic)."),
    "demo": LazyCommand("vexe.cli.demo", "demo",
                        "Load the Hanoi demo network and create demo accounts (development only)."),
    "staff": LazyCommand("vexe.cli.staff", "staff", "Staff accounts for the operator API (/v1/ops)."),
    "fares": LazyCommand("vexe.cli.fares", "fares", "GTFS Fares v2: validate feeds, price journeys, "
                         "import and activate fare versions."),
    "devices": LazyCommand("vexe.cli.devices", "devices",
                           "Validator devices: gates at stops, readers on vehicles."),
    "worker": LazyCommand("vexe.cli.worker", "worker", "Process uploaded taps: mark singles used, "
                          "detect double use, build journeys."),
    "keys": LazyCommand("vexe.cli.keys", "keys", "Ticket issuer keys (Ed25519)."),
    "tickets": LazyCommand("vexe.cli.tickets", "tickets", "Signed QR tickets: sell at the counter, "
                           "revoke, inspect, show a phone's rotating code."),
    "ledger": LazyCommand("vexe.cli.ledger", "ledger",
                          "Double-entry books: balances, trial balance, closing expired tickets."),
    "settle": LazyCommand("vexe.cli.ledger", "settle", "Settle a finished day: one statement per "
                          "operator and the transfers that pay it."),
    "reconcile": LazyCommand("vexe.cli.ledger", "reconcile", "Provider balance transactions vs the "
                             "ledger, and sold tickets vs ledger balances."),
    "orders": LazyCommand("vexe.cli.orders", "orders", "Rider orders."),
    "taps": LazyCommand("vexe.cli.taps", "taps",
                        "Uploaded taps the server set aside (quarantined) instead of processing."),
}


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
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


def main(argv: list[str] | None = None) -> None:
    sys.exit(run_guarded(cli, argv))


__all__ = ["CliError", "cli", "main"]
