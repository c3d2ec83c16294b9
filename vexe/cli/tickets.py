"""``vexe tickets``: counter sales, revocation, inspection and the phone demo."""

from __future__ import annotations

import getpass
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ticketing.core.clock import SystemClock, parse_aware
from ticketing.core.timefmt import human
from ticketing.tickets import new_ticket_id
from ticketing.tickets.phone import PhoneKey
from ticketing.tickets.proof import STEP_S
from vexe.cli.common import CliError, cli_zone, open_runtime, print_json, run_async, settings_from_env
from vexe.cli.keys import keyring


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@click.group()
def tickets() -> None:
    """Signed QR tickets: sell at the counter, revoke, inspect, show a phone's rotating code."""


@tickets.command("issue")
@click.option(
    "--product", "product_id", required=True, help="fare_product_id of the fare catalogue in force."
)
@click.option("--category", "category_id", required=True, help="rider_category_id.")
@click.option("--media", "media_id", default=None, help="fare_media_id (when the price depends on it).")
@click.option("--valid-from", default=None, help="ISO 8601 with offset; default now.")
@click.option("--ticket-id", default=None, help="Choose the id (retries are idempotent); default random.")
@click.option("--device-key", "device_key_id", default=None, help="Bind to a registered phone key.")
@click.option("--holder", "holder_id", default=None, help="Rider id the ticket belongs to.")
@click.option(
    "--counter", "counter_id", default=None,
    help="Till that took the cash (ledger account assets:cash:<counter>); default cli_<user>.",
)
@click.option(
    "--png",
    "png_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the QR code as PNG to this file.",
)
@click.option("--json", "as_json", is_flag=True)
def issue(
    product_id: str,
    category_id: str,
    media_id: str | None,
    valid_from: str | None,
    ticket_id: str | None,
    device_key_id: str | None,
    holder_id: str | None,
    png_path: Path | None,
    as_json: bool,
    counter_id: str | None = None,
) -> None:
    """Sell a ticket for cash at a counter (booked to the till) and print its QR payload."""
    from ticketing.service.tickets import render_qr
    from ticketing.service.tickets.counter import counter_sale

    settings = settings_from_env()
    start = parse_aware(valid_from) if valid_from else None

    async def go() -> tuple[dict[str, Any], bytes | None]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            issued = await counter_sale(
                uow.session,
                runtime.clock,
                keyring(runtime),
                ticket_id=ticket_id or new_ticket_id(),
                fare_product_id=product_id,
                rider_category_id=category_id,
                fare_media_id=media_id,
                valid_from=start,
                actor=_actor(),
                operator_id=None,
                counter_id=counter_id,
                holder_id=holder_id,
                device_key_id=device_key_id,
            )
            png = await render_qr(uow.session, issued.ticket_id, "png", runtime.clock) if png_path else None
            return issued.contract_json(), png

    document, png = run_async(go)
    if png_path is not None and png is not None:
        png_path.write_bytes(png)
    if as_json:
        print_json(document)
        return
    click.echo(
        f"ticket {document['ticket_id']}  {document['fare_product_id']}  {document['amount_minor']} "
        f"{document['currency']}  valid {human(document['valid_from'], cli_zone())}"
        f" → {human(document['valid_until'], cli_zone())}"
    )
    click.echo(document["code"])


@tickets.command("revoke")
@click.argument("ticket_id")
@click.option("--reason", required=True, help="Why (kept in the ticket's history).")
@click.option("--json", "as_json", is_flag=True)
def revoke(ticket_id: str, reason: str, as_json: bool) -> None:
    """Revoke a ticket: it goes on the deny-list readers download."""
    from ticketing.service.tickets import get_ticket, revoke_ticket

    if not reason.strip():
        raise CliError("--reason must say why")
    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            await revoke_ticket(
                uow.session, runtime.clock, ticket_id=ticket_id, reason=reason, actor=_actor()
            )
            ticket = await get_ticket(uow.session, ticket_id)
        return {"ticket_id": ticket.ticket_id, "status": ticket.status, "reason": reason}

    document = run_async(go)
    if as_json:
        print_json(document)
        return
    click.echo(f"revoked {ticket_id}")


@tickets.command("show")
@click.argument("ticket_id")
@click.option("--json", "as_json", is_flag=True)
def show(ticket_id: str, as_json: bool) -> None:
    """A ticket, its status and every change with who and why."""
    from ticketing.service.tickets import get_ticket, ticket_history

    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            ticket = await get_ticket(uow.session, ticket_id)
            history = await ticket_history(uow.session, ticket_id)
        return ticket.contract_json() | {
            "history": [
                {
                    "at": h.at,
                    "from_status": h.from_status,
                    "to_status": h.to_status,
                    "actor": h.actor,
                    "reason": h.reason,
                    "tap_id": h.tap_id,
                }
                for h in history
            ]
        }

    document = run_async(go)
    if as_json:
        print_json(document)
        return
    click.echo(f"{document['ticket_id']}  {document['status']}  {document['fare_product_id']}")
    for change in document["history"]:
        click.echo(
            f"  {human(change['at'], cli_zone())}  {change['from_status'] or '-'} → {change['to_status']}"
            f"  {change['actor']}: {change['reason']}"
        )


@tickets.command("denylist")
@click.option("--since", "since_version", type=click.IntRange(0), default=0, show_default=True)
def denylist(since_version: int) -> None:
    """Deny-list changes since a version (0: the whole list), as JSON."""
    from ticketing.service.tickets import denylist_since

    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            delta = await denylist_since(uow.session, since_version)
        return {
            "version": delta.version,
            "full": delta.full,
            "removed": delta.removed,
            "added": [{"ticket_id": t, "expires_at": e} for t, e in delta.added],
        }

    print_json(run_async(go))


@tickets.command("maintain")
def maintain() -> None:
    """Expire tickets whose validity ended and prune their deny-list entries (run from cron)."""
    from ticketing.service.tickets import expire_tickets, prune_denylist

    settings = settings_from_env()

    async def go() -> tuple[int, int]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            expired = await expire_tickets(uow.session, runtime.clock)
            pruned = await prune_denylist(uow.session, runtime.clock)
        return len(expired), len(pruned)

    expired, pruned = run_async(go)
    click.echo(f"expired {expired} tickets, pruned {pruned} deny-list entries", err=True)


@tickets.command("phone-key")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def phone_key(path: Path) -> None:
    """Demo: make a phone key (P-256 PEM, mode 0600) and print its public JWK and thumbprint."""
    phone = PhoneKey.generate()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, phone.to_pem())
    finally:
        os.close(fd)
    print_json({"public_jwk": phone.public_jwk(), "thumbprint": phone.thumbprint})


def _load_phone(path: Path) -> PhoneKey:
    try:
        return PhoneKey.from_pem(path.read_bytes())
    except ValueError as exc:
        raise CliError(f"{path}: {exc}") from None


@tickets.command("bind-device")
@click.option("--device-key-id", required=True)
@click.option("--holder", "holder_id", default=None)
@click.option(
    "--phone-key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def bind_device(device_key_id: str, holder_id: str | None, key_path: Path) -> None:
    """Demo: register a phone key (as the rider app does) so tickets can be bound to it."""
    from ticketing.service.tickets import register_device_key

    phone = _load_phone(key_path)
    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            key = await register_device_key(
                uow.session,
                runtime.clock,
                device_key_id=device_key_id,
                holder_id=holder_id,
                public_jwk=phone.public_jwk(),
            )
        return {"device_key_id": key.device_key_id, "thumbprint": key.thumbprint}

    print_json(run_async(go))


@tickets.command("present")
@click.argument("code")
@click.option(
    "--phone-key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--at", "at_text", default=None, help="ISO 8601 with offset; default now.")
@click.option("--follow", is_flag=True, help="Print a fresh code every 30-second step until interrupted.")
def present(code: str, key_path: Path, at_text: str | None, follow: bool) -> None:
    """Demo of the phone side: print the device-bound code (ticket~proof) for the current step."""
    phone = _load_phone(key_path)
    if code.count(".") != 2 or "~" in code:
        raise CliError("CODE must be a static ticket code (header.payload.signature)")
    at: datetime = parse_aware(at_text) if at_text else SystemClock().now()
    click.echo(phone.present(code, at))
    while follow:
        time.sleep(STEP_S - at.timestamp() % STEP_S)
        at = SystemClock().now()
        click.echo(phone.present(code, at))
