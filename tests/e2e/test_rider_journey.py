"""Rider journey end to end with real processes: register → quote → buy a single and a day pass
(sandbox, or Stripe on localstripe with a signed webhook) → fetch the QR → readers enrolled and
synced → offline scans → sync → the trip appears with its fare, and the ledger recognises the
single's revenue for the bus operator."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.stripe_provider import StripeProvider
from tests.stripe_support import (
    TEST_API_KEY,
    TEST_WEBHOOK_SECRET,
    event,
    localstripe_url,
    reset_localstripe,
    signed,
)
from tests.unit.validators.harness import BIN, Server, server_env, validator, validator_json
from ticketing.ledger import chart
from ticketing.service.ledger.balances import account_balance

pytestmark = pytest.mark.slow

SINGLE = {
    "fare_product_id": "bus_single_8000",
    "rider_category_id": "pho_thong",
    "fare_media_id": "hanoi_metro_app",
}
DAY = {"fare_product_id": "m2a_day", "rider_category_id": "pho_thong", "fare_media_id": "hanoi_metro_app"}


def make_server(tmp_path: Path, extra_env: dict[str, str]) -> Iterator[Server]:
    srv = Server(tmp_path / "server", extra_env=extra_env)
    srv.migrate()
    demo = subprocess.run(
        [str(BIN / "vexe"), "demo", "--json"],
        env={**server_env(srv.data_dir), **srv.extra_env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    # Every time the demo prints is in the network's zone (it once mixed +07:00 and +00:00).
    assert {s[-6:] for s in json.loads(demo.stdout)["fares"]["effective_from"]} == {"+07:00"}
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def sandbox_server(tmp_path: Path) -> Iterator[Server]:
    yield from make_server(tmp_path, {})


@pytest.fixture
def stripe_server(tmp_path: Path, localstripe_url: str) -> Iterator[Server]:
    reset_localstripe(localstripe_url)
    yield from make_server(
        tmp_path,
        {
            "VEXE_PAYMENTS_PROVIDER": "stripe",
            "VEXE_STRIPE_API_KEY": TEST_API_KEY,
            "VEXE_STRIPE_API_BASE": localstripe_url,
            "VEXE_STRIPE_WEBHOOK_SECRET": TEST_WEBHOOK_SECRET,
        },
    )


def enroll(server: Server, store: Path, device_id: str, **where: Any) -> None:
    token = server.provision(device_id, **where)
    done = validator("enroll", "--store", str(store), "--server", server.url, "--token", token)
    assert done.returncode == 0, done.stderr


def operator_balance(server: Server, operator_id: str) -> int:
    async def go(session: Any, _clock: Any) -> int:
        return await account_balance(session, chart.operator(operator_id), "VND")

    return int(server.run(go))


def register_and_quote(api: httpx.Client) -> dict[str, str]:
    reg = api.post("/v1/auth/register", json={"phone": "0987654321", "password": "mat-khau-dai-1"})
    assert reg.status_code == 201, reg.text
    journey = {
        "rider_category_id": "pho_thong",
        "fare_media_id": "hanoi_metro_app",
        "legs": [
            {
                "route_id": "BUS_18",
                "from_stop_id": "B_DH_KTQD",
                "to_stop_id": "B_LONG_BIEN",
                "departure": "2025-10-14T08:00:00+07:00",
                "arrival": "2025-10-14T08:30:00+07:00",
            }
        ],
    }
    quote = api.post("/v1/quotes", json=journey).json()
    assert (quote["total_minor"], quote["legs"][0]["fare_product_id"]) == (8000, "bus_single_8000")
    return {"Authorization": f"Bearer {reg.json()['access_token']}"}


def order(api: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    created = api.post(
        "/v1/orders", json={"items": [SINGLE, DAY]}, headers={**auth, "Idempotency-Key": "e2e-1"}
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def ride_and_check(server: Server, api: httpx.Client, auth: dict[str, str], tmp_path: Path) -> None:
    tickets = {t["fare_product_id"]: t for t in api.get("/v1/tickets", headers=auth).json()["items"]}
    single, day = tickets["bus_single_8000"], tickets["m2a_day"]
    png = tmp_path / "single.png"
    png.write_bytes(api.get(single["qr_png_url"], headers=auth).content)

    bus, gate = tmp_path / "bus", tmp_path / "gate"
    enroll(server, bus, "bus-18-a", vehicle_id="29B-018", route_id="BUS_18")
    enroll(server, gate, "gate-cat-linh", stop_id="M2A_01")
    server.stop()  # offline from here: readers decide alone
    boarded = validator_json("scan", "--store", str(bus), "--image", str(png), "--direction", "in", "--json")
    assert (boarded["accepted"], boarded["ticket_id"]) == (True, single["ticket_id"])
    alighted = validator_json(
        "scan", "--store", str(bus), "--payload", single["code"], "--direction", "out", "--json"
    )
    assert alighted["accepted"], alighted
    entered = validator_json("scan", "--store", str(gate), "--payload", day["code"], "--json")
    assert entered["accepted"], entered
    server.start()
    assert validator_json("sync", "--store", str(bus), "--json")["uploaded"] == 2
    assert validator_json("sync", "--store", str(gate), "--json")["uploaded"] == 1

    trips = api.get("/v1/trips", headers={**auth, "Accept-Language": "en"}).json()["items"]
    by_ticket = {t["ticket_id"]: t for t in trips}
    assert by_ticket[single["ticket_id"]]["charged_minor"] == 8000
    assert by_ticket[single["ticket_id"]]["complete"] is True
    assert "single ticket" in by_ticket[single["ticket_id"]]["explanation"][0]
    assert by_ticket[day["ticket_id"]]["charged_minor"] == 0
    # The single's price moved from unearned fares to the bus operator when it was first ridden.
    assert operator_balance(server, "HN_BUS") == 8000
    used = api.get(f"/v1/tickets/{single['ticket_id']}", headers=auth).json()
    assert used["status"] == "used"
    refused = api.post("/v1/refunds", json={"ticket_id": single["ticket_id"]}, headers=auth)
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_refundable"


def test_sandbox_purchase_to_trip(sandbox_server: Server, tmp_path: Path) -> None:
    with httpx.Client(base_url=sandbox_server.url, timeout=30) as api:
        auth = register_and_quote(api)
        placed = order(api, auth)
        assert placed["payment"]["sandbox_confirm_url"]
        paid = api.post(placed["payment"]["sandbox_confirm_url"], headers=auth).json()
        assert paid["status"] == "paid"
        ride_and_check(sandbox_server, api, auth, tmp_path)


@pytest.mark.stripe
def test_stripe_purchase_to_trip(
    stripe_server: Server, localstripe_url: str, tmp_path: Path
) -> None:
    with httpx.Client(base_url=stripe_server.url, timeout=30) as api:
        auth = register_and_quote(api)
        placed = order(api, auth)
        secret = placed["payment"]["client_secret"]
        assert placed["payment"]["provider"] == "stripe"
        pi = secret.split("_secret_")[0]

        async def card_sheet() -> None:  # what the app's Stripe SDK does with the client secret
            provider = StripeProvider(TEST_API_KEY, api_base=localstripe_url, max_network_retries=0)
            try:
                await provider.confirm_with_method(pi, "pm_card_visa")
            finally:
                await provider.aclose()

        asyncio.run(card_sheet())
        body, header = signed(
            event("evt_e2e_paid", "payment_intent.succeeded", {"id": pi, "object": "payment_intent"})
        )
        for _ in range(2):  # Stripe may deliver twice
            hook = api.post(
                "/v1/webhooks/stripe",
                content=body,
                headers={"Stripe-Signature": header, "Content-Type": "application/json"},
            )
            assert hook.status_code == 200, hook.text
        paid = api.get(f"/v1/orders/{placed['order_id']}", headers=auth).json()
        assert paid["status"] == "paid"
        assert len(paid["ticket_ids"]) == 2
        ride_and_check(stripe_server, api, auth, tmp_path)


__all__ = ["localstripe_url"]
