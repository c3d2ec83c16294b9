"""``vexe ledger``, ``vexe settle`` and ``vexe reconcile``: the clearing books from the shell."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from ticketing.core.clock import parse_aware
from ticketing.core.money import format_amount
from vexe.cli.common import CliError, open_runtime, print_json, run_async, settings_from_env


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--date must be YYYY-MM-DD, got {text!r}") from None


@click.group()
def ledger() -> None:
    """Double-entry books: balances, trial balance, closing expired tickets."""


@ledger.command("balances")
@click.option("--currency", default=None, help="Only this currency (e.g. VND).")
@click.option("--prefix", default=None, help="Only accounts whose name starts with this.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def balances(currency: str | None, prefix: str | None, as_json: bool) -> None:
    """Every account with its posted balance on its normal side."""
    from ticketing.service.ledger.balances import list_balances

    settings = settings_from_env()

    async def go() -> list[dict[str, Any]]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            rows = await list_balances(uow.session, currency=currency, prefix=prefix, limit=100_000)
        return [{"account": r.account, "currency": r.currency, "normal_side": r.normal_side,
                 "balance_minor": r.balance_minor, "debits_minor": r.debits_minor,
                 "credits_minor": r.credits_minor} for r in rows]

    rows = run_async(go)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        click.echo(f"{row['account']:<48} {format_amount(row['balance_minor'], row['currency']):>20}")


@ledger.command("trial-balance")
@click.option("--currency", default="VND", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def trial_balance(currency: str, as_json: bool) -> None:
    """Sum of debits and of credits over every account (they must be equal)."""
    from ticketing.service.ledger.balances import trial_balances

    settings = settings_from_env()

    async def go() -> dict[str, object]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            found = [tb for tb in await trial_balances(uow.session) if tb.currency == currency]
        if not found:
            return {"currency": currency, "debits_minor": 0, "credits_minor": 0, "balanced": True,
                    "accounts": []}
        return found[0].as_json()

    doc = run_async(go)
    if as_json:
        print_json(doc)
    else:
        click.echo(f"debits  {format_amount(int(str(doc['debits_minor'])), currency)}")
        click.echo(f"credits {format_amount(int(str(doc['credits_minor'])), currency)}")
        click.echo("balanced" if doc["balanced"] else "NOT BALANCED")
    if not doc["balanced"]:
        raise CliError("the books do not balance")


@ledger.command("close-expired")
@click.option("--until", default=None, help="ISO 8601 with offset; default now.")
@click.option("--json", "as_json", is_flag=True)
def close_expired_cmd(until: str | None, as_json: bool) -> None:
    """Breakage for unused singles and apportionment for passes whose validity has ended."""
    from ticketing.service.ledger.passes import close_expired

    settings = settings_from_env()

    async def go() -> int:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            at = parse_aware(until) if until else runtime.clock.now()
            if at > runtime.clock.now():
                raise CliError("--until is in the future")
            return await close_expired(uow.session, runtime.clock, until=at)

    closed = run_async(go)
    if as_json:
        print_json({"closed": closed})
    else:
        click.echo(f"closed {closed} tickets")


@click.command("settle")
@click.option(
    "--date", "--service-date", "day", required=True,
    help="Service day (local), YYYY-MM-DD: the API's service_date.",
)
@click.option("--operator", "operator_id", default=None, help="Only this operator (GTFS agency_id).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write <operator>-<date>-<currency>.json/.csv statements here.")
@click.option("--json", "as_json", is_flag=True)
def settle(day: str, operator_id: str | None, out_dir: Path | None, as_json: bool) -> None:
    """Settle a finished day: one statement per operator and the transfers that pay it.
    Re-running a day returns the same statements and posts nothing."""
    from ticketing.service.settlement.statements import settle_day

    settings = settings_from_env()
    service_date = _date(day)

    async def go() -> list[dict[str, Any]]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            views = await settle_day(uow.session, runtime.clock, service_date=service_date,
                                     operator_id=operator_id)
        docs = []
        for v in views:
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
                stem = out_dir / f"{v.operator_id}-{v.service_date.isoformat()}-{v.currency}"
                stem.with_suffix(".csv").write_text(v.csv_text, encoding="utf-8")
                stem.with_suffix(".json").write_text(
                    json.dumps(v.document, ensure_ascii=False, indent=2), encoding="utf-8")
            docs.append({**v.document, "content_hash": v.content_hash})
        return docs

    docs = run_async(go)
    if as_json:
        print_json(docs)
        return
    for d in docs:
        click.echo(f"{d['operator_id']:<16} rides {d['rides']:>6}  net owed "
                   f"{format_amount(d['net_owed_minor'], d['currency'])}  sha256 {d['content_hash'][:16]}")


@click.command("reconcile")
@click.option(
    "--date", "--service-date", "day", required=True,
    help="Service day (local), YYYY-MM-DD: the API's service_date.",
)
@click.option("--json", "as_json", is_flag=True)
def reconcile(day: str, as_json: bool) -> None:
    """Provider balance transactions vs the ledger, and sold tickets vs ledger balances."""
    from ticketing.service.settlement.reconciliation import reconcile_day_outside

    settings = settings_from_env()
    service_date = _date(day)

    async def go() -> dict[str, Any]:
        async with open_runtime(settings) as runtime:
            provider = runtime.payments
            if provider is None:
                raise CliError("no payment provider is configured")
            return await reconcile_day_outside(runtime.unit_of_work, provider, service_date=service_date)

    report = run_async(go)
    if as_json:
        print_json(report)
        return
    summary = report["provider"]["summary"]
    click.echo(" ".join(f"{k}={v}" for k, v in summary.items()))
    for t in report["tickets"]:
        click.echo(f"tickets {t['currency']}: {t['tickets_sold']} sold, ok={t['ok']}")
