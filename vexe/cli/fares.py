"""``vexe fares``: check a GTFS Fares v2 feed, quote a journey, manage fare catalogue versions."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ticketing.core.clock import parse_aware
from ticketing.fares.loader import check_feed, load_feed
from ticketing.fares.problems import FeedError
from ticketing.fares.quote import parse_journey, quote_journey, quote_to_json
from ticketing.fares.source import FeedSourceError
from vexe.cli.common import CliError, open_runtime, print_json, run_async, settings_from_env

if TYPE_CHECKING:
    from ticketing.service.fare_catalog import FeedVersionInfo

FEED = click.option(
    "--feed",
    "feed_path",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="GTFS directory or zip file.",
)


@click.group()
def fares() -> None:
    """GTFS Fares v2: validate feeds, price journeys, import and activate fare versions."""


@fares.command("check")
@FEED
@click.option("--json", "as_json", is_flag=True, help='Print {"errors": [...], "warnings": [...]}.')
def check(feed_path: Path, as_json: bool) -> None:
    """Validate a feed; every problem as file:line: field: message. Exit 1 on errors."""
    try:
        report = check_feed(feed_path)
    except FeedSourceError as exc:
        raise CliError(str(exc)) from None
    if as_json:
        print_json(report.to_json())
    else:
        for problem in report.errors:
            click.echo(f"error: {problem}")
        for problem in report.warnings:
            click.echo(f"warning: {problem}")
        click.echo(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    if report.errors:
        raise CliError(f"the feed has {len(report.errors)} error(s)")


def _read_journey(spec: str) -> Any:
    try:
        text = sys.stdin.read() if spec == "-" else Path(spec).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read journey {spec}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"journey is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


@fares.command("quote")
@FEED
@click.option("--journey", "journey_spec", required=True, help="Journey JSON file, or - for stdin.")
def quote(feed_path: Path, journey_spec: str) -> None:
    """Price a journey: the journey document in, the quote document out (docs/decisions.md §4)."""
    journey = parse_journey(_read_journey(journey_spec))
    try:
        feed = load_feed(feed_path)
    except (FeedError, FeedSourceError) as exc:
        raise CliError(str(exc)) from None
    print_json(quote_to_json(quote_journey(feed, journey)))


def _info_json(info: FeedVersionInfo) -> dict[str, Any]:
    return {
        "version_id": info.version_id,
        "content_hash": info.content_hash,
        "feed_version": info.feed_version,
        "imported_at": info.imported_at,
        "imported_by": info.imported_by,
        "created": info.created,
        "errors": list(info.errors),
        "warnings": list(info.warnings),
        "activations": [
            {
                "effective_from": a.effective_from,
                "activated_at": a.activated_at,
                "activated_by": a.activated_by,
            }
            for a in info.activations
        ],
        "summary": info.summary,
    }


@fares.command("import")
@FEED
@click.option(
    "--activate-from", "activate_from", default=None, help="Activate from this ISO time (with offset)."
)
@click.option(
    "--by", "imported_by", default="cli", show_default=True, help="Who imports (for the audit trail)."
)
def import_(feed_path: Path, activate_from: str | None, imported_by: str) -> None:
    """Import a feed as a fare catalogue version (idempotent), optionally activating it."""
    from ticketing.service.fare_catalog import activate_version, import_feed

    settings = settings_from_env()
    effective: datetime | None = None
    if activate_from is not None:
        try:
            effective = parse_aware(activate_from)
        except ValueError as exc:
            raise CliError(f"--activate-from: {exc}") from None

    async def go() -> FeedVersionInfo:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            info = await import_feed(uow.session, runtime.clock, source=feed_path, imported_by=imported_by)
            if effective is not None:
                info = await activate_version(
                    uow.session,
                    runtime.clock,
                    version_id=info.version_id,
                    effective_from=effective,
                    activated_by=imported_by,
                )
            return info

    print_json(_info_json(run_async(go)))


@fares.command("versions")
def versions() -> None:
    """List fare catalogue versions (newest first) as JSON."""
    from ticketing.service.fare_catalog import list_versions

    settings = settings_from_env()

    async def go() -> list[FeedVersionInfo]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            return await list_versions(uow.session, limit=100)

    print_json([_info_json(v) for v in run_async(go)])
