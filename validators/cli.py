"""``vexe-validator``: the reader's command line (docs/decisions.md §7, §10).

Every ``--json`` output is one JSON document on stdout; an error is one line on stderr and a
non-zero exit. ``run`` reads one scanned code per line (a keyboard-wedge scanner) and prints one
JSON decision per line.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ticketing.admission.snapshot_doc import SnapshotDocumentError
from ticketing.core.clock import parse_aware
from validators.decode import DecodeError, decode_image
from validators.journal import JournalError
from validators.reader import Reader
from validators.store import Store, StoreError
from validators.sync import SyncClient, SyncError, enroll

EXPECTED = (JournalError, StoreError, SyncError, DecodeError, SnapshotDocumentError)

store_option = click.option(
    "--store", "store_dir", required=True, envvar="VEXE_VALIDATOR_STORE",
    type=click.Path(file_okay=False, path_type=Path),
    help="The reader's data directory (identity, key, snapshot, journal).",
)


def _emit(value: Any, as_json: bool, text: str) -> None:
    if as_json:
        click.echo(json.dumps(value, ensure_ascii=False))
    else:
        click.echo(text)


def _at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_aware(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--at") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Offline ticket validation for gates and bus readers."""


@cli.command("enroll")
@store_option
@click.option("--server", required=True, help="Base URL of the vexe server.")
@click.option("--token", required=True, help="One-time enrolment token from `vexe devices provision`.")
@click.option("--json", "as_json", is_flag=True)
def enroll_cmd(store_dir: Path, server: str, token: str, as_json: bool) -> None:
    """Enrol this reader: registers its own key and fetches the first snapshot."""
    store = Store(store_dir)
    info = enroll(store, server, token)
    reader = Reader(store)
    try:
        client = SyncClient(store, reader.journal)
        try:
            outcome = client.sync(progress=False)
        finally:
            client.close()
    finally:
        reader.close()
    info["snapshot_version"] = outcome.snapshot_version
    _emit(info, as_json, f"enrolled as {info['device_id']} (snapshot {outcome.snapshot_version})")


@cli.command("sync")
@store_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
def sync_cmd(store_dir: Path, as_json: bool, no_progress: bool) -> None:
    """Upload pending taps and download the snapshot delta."""
    store = Store(store_dir)
    reader = Reader(store)
    try:
        client = SyncClient(store, reader.journal)
        try:
            outcome = client.sync(progress=not no_progress)
        finally:
            client.close()
    finally:
        reader.close()
    _emit(outcome.as_json(), as_json,
          f"uploaded {outcome.uploaded}, acked through {outcome.acked_through}, "
          f"snapshot {outcome.snapshot_version}")


@cli.command("scan")
@store_option
@click.option("--payload", default=None, help="The scanned code as text.")
@click.option("--image", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="An image holding the QR code.")
@click.option("--at", "at_text", default=None, help="Scan time, ISO 8601 with offset (default: now).")
@click.option("--direction", type=click.Choice(["in", "out"]), default="in", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def scan_cmd(store_dir: Path, payload: str | None, image: Path | None, at_text: str | None,
             direction: str, as_json: bool) -> None:
    """Decide on one presented code; the tap is journaled before the answer is printed."""
    if (payload is None) == (image is None):
        raise click.UsageError("give exactly one of --payload or --image")
    at = _at(at_text)
    code = payload if payload is not None else decode_image(image)  # type: ignore[arg-type]
    reader = Reader(Store(store_dir))
    try:
        result = reader.scan(code, at, "out" if direction == "out" else "in")
    finally:
        reader.close()
    d = result.decision
    _emit(result.as_json(), as_json, f"{'ACCEPT' if d.accepted else 'REJECT'} {d.reason} {d.ticket_id or ''}")


@cli.command("status")
@store_option
@click.option("--json", "as_json", is_flag=True)
def status_cmd(store_dir: Path, as_json: bool) -> None:
    """Snapshot version and age, pending taps, last sync, clock skew."""
    reader = Reader(Store(store_dir))
    try:
        status = reader.status()
    finally:
        reader.close()
    text = "\n".join(f"{k}: {v}" for k, v in status.items())
    _emit(status, as_json, text)


@cli.command("run")
@store_option
@click.option("--direction", type=click.Choice(["in", "out"]), default="in", show_default=True)
def run_cmd(store_dir: Path, direction: str) -> None:
    """Read one code per line on stdin; print one JSON decision per line on stdout."""
    reader = Reader(Store(store_dir))
    if isinstance(sys.stdin, io.TextIOWrapper):  # junk bytes from a scanner are a code, not a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    try:
        for line in sys.stdin:
            code = line.strip()
            if not code:
                continue
            result = reader.scan(code, None, "out" if direction == "out" else "in")
            sys.stdout.write(json.dumps(result.as_json()) + "\n")
            sys.stdout.flush()
    finally:
        reader.close()


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="vexe-validator", standalone_mode=False)
    except click.UsageError as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(1)
    except EXPECTED as exc:
        click.echo(f"error: {exc}".replace("\n", " "), err=True)
        sys.exit(1)
    except (OSError, ValueError, KeyError) as exc:
        click.echo(f"error: {type(exc).__name__}: {exc}".replace("\n", " "), err=True)
        sys.exit(1)
