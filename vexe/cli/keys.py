"""``vexe keys``: ticket issuer keys (create, rotate, retire, list, JWKS)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import click

from ticketing.core.clock import parse_aware
from ticketing.core.errors import Unavailable
from ticketing.core.timefmt import human
from vexe.cli.common import CliError, cli_zone, open_runtime, print_json, run_async, settings_from_env

if TYPE_CHECKING:
    from ticketing.runtime import Runtime
    from ticketing.service.tickets import IssuerKeyRing

ACTOR = "cli:keys"


def keyring(runtime: Runtime) -> IssuerKeyRing:
    ring = runtime.issuer_keys
    if ring is None:
        raise Unavailable("tickets_unavailable", "no ticket issuer key ring is configured")
    return ring


def _show(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(info)
    else:
        click.echo(
            f"{info['kid']}  {info['state']}  {human(info['not_before'], cli_zone())}"
            f" → {human(info['not_after'], cli_zone())}  ({info['storage']})"
        )


@click.group()
def keys() -> None:
    """Ticket issuer keys (Ed25519). Private keys never leave the fare service."""


@keys.command("create")
@click.option("--not-before", default=None, help="ISO 8601 with offset; default now.")
@click.option("--lifetime-days", type=click.IntRange(1, 3650), default=400, show_default=True)
@click.option("--kid", default=None, help="Key id (1-16 letters, digits, '_' or '-'); default random.")
@click.option("--json", "as_json", is_flag=True)
def create(not_before: str | None, lifetime_days: int, kid: str | None, as_json: bool) -> None:
    """Create an issuer key."""
    settings = settings_from_env()
    start = parse_aware(not_before) if not_before else None

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            info = await keyring(runtime).create(
                uow.session,
                runtime.clock,
                actor=ACTOR,
                not_before=start,
                lifetime=timedelta(days=lifetime_days),
                kid=kid,
            )
            return info.as_dict(runtime.clock.now())

    _show(run_async(go), as_json)


@keys.command("rotate")
@click.option(
    "--activate-in-hours",
    type=click.IntRange(0, 24 * 90),
    default=0,
    show_default=True,
    help="Publish now, sign from this many hours on (readers fetch the key first).",
)
@click.option("--lifetime-days", type=click.IntRange(1, 3650), default=400, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def rotate(activate_in_hours: int, lifetime_days: int, as_json: bool) -> None:
    """Add a new signing key; earlier keys keep verifying their tickets until their not-after."""
    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            info = await keyring(runtime).rotate(
                uow.session,
                runtime.clock,
                actor=ACTOR,
                activate_in=timedelta(hours=activate_in_hours),
                lifetime=timedelta(days=lifetime_days),
            )
            return info.as_dict(runtime.clock.now())

    _show(run_async(go), as_json)


@keys.command("retire")
@click.argument("kid")
@click.option("--reason", required=True)
@click.option("--json", "as_json", is_flag=True)
def retire(kid: str, reason: str, as_json: bool) -> None:
    """Retire a key now: every ticket signed with it is refused from the next reader sync."""
    if not reason.strip():
        raise CliError("--reason must say why")
    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            info = await keyring(runtime).retire(
                uow.session, runtime.clock, kid=kid, actor=ACTOR, reason=reason
            )
            return info.as_dict(runtime.clock.now())

    _show(run_async(go), as_json)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_keys(as_json: bool) -> None:
    """Every issuer key with its state (pending, active, expired, retired)."""
    settings = settings_from_env()

    async def go() -> list[dict[str, Any]]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            now = runtime.clock.now()
            return [k.as_dict(now) for k in await keyring(runtime).list_keys(uow.session)]

    listed = run_async(go)
    if as_json:
        print_json(listed)
    elif not listed:
        click.echo("no issuer keys")
    for info in [] if as_json else listed:
        _show(info, False)


@keys.command("jwks")
def jwks() -> None:
    """The public issuer keys as a JWKS (what validators trust), on stdout."""
    settings = settings_from_env()

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            ring = keyring(runtime)
            await ring.ensure_signing_key(uow.session, runtime.clock)
            return await ring.jwks(uow.session, runtime.clock.now())

    print_json(run_async(go))
