"""Cash sales in the books, end to end with real processes (issue 10, finding 3): `vexe tickets
issue` at a counter → a bus reader enrolled → offline scan → sync → the sale is on the till's
account, the ride is recognised for the bus operator, and the trial balance balances."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.unit.validators.harness import BIN, Server, server_env, validator, validator_json

pytestmark = pytest.mark.slow


def vexe_json(server: Server, *args: str) -> Any:
    done = subprocess.run([str(BIN / "vexe"), *args, "--json"], env=server_env(server.data_dir),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cash_sale_and_its_ride_balance_in_the_books(server: Server, tmp_path: Path) -> None:
    bus = vexe_json(server, "tickets", "issue", "--product", "bus_single_8000", "--category", "pho_thong",
                    "--counter", "quay-long-bien")
    metro = vexe_json(server, "tickets", "issue", "--product", "m2a_single_h02", "--category", "pho_thong",
                      "--counter", "quay-long-bien")
    assert metro["amount_minor"] == 10000  # the cash price, not the cheaper app price

    store = tmp_path / "bus"
    token = server.provision("bus-18-cash", vehicle_id="29B-018", route_id="BUS_18")
    enrolled = validator("enroll", "--store", str(store), "--server", server.url, "--token", token)
    assert enrolled.returncode == 0, enrolled.stderr
    server.stop()  # the reader decides alone
    boarded = validator_json("scan", "--store", str(store), "--payload", bus["code"], "--json")
    assert (boarded["accepted"], boarded["ticket_id"]) == (True, bus["ticket_id"])
    server.start()
    assert validator_json("sync", "--store", str(store), "--json")["uploaded"] == 1

    books = vexe_json(server, "ledger", "trial-balance")
    books = books[0] if isinstance(books, list) else books
    assert books["debits_minor"] == books["credits_minor"]
    balances = {a["account"]: a["balance_minor"] for a in books["accounts"]}
    assert balances["assets:cash:quay-long-bien"] == 18000
    assert balances["liabilities:operator:HN_BUS"] == 8000  # the cash ticket's ride, recognised
    assert balances["liabilities:unearned_fares"] == 10000  # the metro ticket, not yet ridden
