"""The CLI contracts: ``vexe ledger trial-balance --json``, ``vexe settle``, ``vexe reconcile``."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from ticketing.core.clock import FixedClock
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.service.ledger.postings import SaleItem, record_ride, record_sale
from vexe import migrate
from vexe.cli import cli

AT = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)


async def _a_day(url: str) -> None:
    engine = make_engine(url)
    clock = FixedClock(AT)
    try:
        async with make_sessionmaker(engine)() as s, s.begin():
            await record_sale(
                s,
                clock,
                sale_id="S1",
                provider="sandbox",
                currency="VND",
                items=[SaleItem("T1", 7000, "single", AT + timedelta(days=1))],
            )
            await record_ride(
                s, clock, ride_id="R1", ticket_id="T1", kind="single", operator_id="HN_BUS", at=AT
            )
    finally:
        await engine.dispose()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VEXE_DATA_DIR", str(tmp_path))
    for name in ("VEXE_DATABASE_URL", "VEXE_REDIS_URL", "VEXE_PAYMENTS_PROVIDER", "VEXE_ENV"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite+aiosqlite:///{(tmp_path / 'vexe.db').as_posix()}"
    migrate.upgrade(url)
    asyncio.run(_a_day(url))
    return tmp_path


def test_trial_balance_settle_and_reconcile(data_dir: Path) -> None:
    runner = CliRunner()
    tb = runner.invoke(cli, ["ledger", "trial-balance", "--json"])
    assert tb.exit_code == 0, tb.output
    doc = json.loads(tb.output)
    assert doc["currency"] == "VND"
    assert doc["debits_minor"] == doc["credits_minor"] == 14000
    assert {a["account"]: a["balance_minor"] for a in doc["accounts"]}["liabilities:operator:HN_BUS"] == 7000

    out = data_dir / "statements"
    first = runner.invoke(cli, ["settle", "--date", "2025-10-14", "--json", "--out", str(out)])
    assert first.exit_code == 0, first.output
    (statement,) = json.loads(first.output)
    assert (statement["operator_id"], statement["net_owed_minor"]) == ("HN_BUS", 6930)
    again = runner.invoke(cli, ["settle", "--date", "2025-10-14", "--operator", "HN_BUS", "--json"])
    assert json.loads(again.output)[0]["content_hash"] == statement["content_hash"]
    assert (out / "HN_BUS-2025-10-14-VND.csv").read_text().startswith("record,transfer_id")

    report = runner.invoke(cli, ["reconcile", "--date", "2025-10-14", "--json"])
    assert report.exit_code == 0, report.output
    body = json.loads(report.output)
    assert body["provider"]["summary"]["missing_at_provider"] == 1  # a sale the sandbox never saw
    assert body["tickets"][0]["ok"] is True

    balances = runner.invoke(cli, ["ledger", "balances", "--json", "--prefix", "liabilities:operator:"])
    assert json.loads(balances.output)[0]["balance_minor"] == 0
    bad = runner.invoke(cli, ["settle", "--date", "14/10/2025"])
    assert bad.exit_code != 0
