"""Pay-as-you-go over the rider API: the account ticket, journeys from taps charged and explained
on GET /v1/wallet/charges and GET /v1/trips, and a short wallet's debt paid by the next top-up."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from tests.api.rider.helpers import bearer, register
from tests.support.devices import Device as ReaderDevice
from tests.support.devices import provision
from ticketing.admission import PriorTap, admit
from ticketing.admission.model import Direction
from ticketing.admission.snapshot_doc import device_from_doc, merge, snapshot_from_doc
from ticketing.admission.ticket_keys import keyring_from_jwks
from ticketing.core.ids import new_ulid
from ticketing.db.models.devices import Device
from ticketing.runtime import Runtime
from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects
from ticketing.service.devices.registry import provision_device
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps
from ticketing.tickets.phone import PhoneKey
from validators.sync import public_key_b64

pytestmark = pytest.mark.usefixtures("shop")

# The phone behind each device key: a pay-as-you-go tap carries the phone's proof.
PHONES: dict[str, PhoneKey] = {}


async def _account_ticket(client: httpx.AsyncClient, rider: dict[str, str]) -> httpx.Response:
    phone = PhoneKey.generate()
    key = await client.post(
        "/v1/device-keys", json={"public_jwk": phone.public_jwk()}, headers=bearer(rider["access"])
    )
    PHONES[key.json()["device_key_id"]] = phone
    assert key.status_code in (200, 201), key.text
    rider["device_key_id"] = key.json()["device_key_id"]
    return await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )


async def _topup(client: httpx.AsyncClient, rider: dict[str, str], amount: int) -> None:
    created = await client.post(
        "/v1/wallet/topups", json={"amount_minor": amount}, headers=bearer(rider["access"])
    )
    assert created.status_code == 201, created.text
    confirmed = await client.post(
        created.json()["payment"]["sandbox_confirm_url"], headers=bearer(rider["access"])
    )
    assert confirmed.json()["status"] == "credited", confirmed.text


async def _ride_bus(runtime: Runtime, ticket: dict[str, str], minutes_ago: int) -> None:
    """Board and alight bus 18; the reader uploads both taps and the server processes them."""
    async with runtime.unit_of_work() as uow:
        if await uow.session.get(Device, "bus-18") is None:
            await provision_device(
                uow.session,
                runtime.clock,
                device_id="bus-18",
                operator_id="HN_BUS",
                vehicle_id="29B-018",
                route_id="BUS_18",
            )
        device = await uow.session.get(Device, "bus-18")
        assert device is not None
        # The ride happens after the ticket and the reader exist: the clock moves past it while
        # the reader uploads and the server processes, then comes back (access tokens stay valid).
        started = runtime.clock.now()
        runtime.clock.advance(timedelta(minutes=minutes_ago + 5))  # type: ignore[attr-defined]
        board = runtime.clock.now() - timedelta(minutes=minutes_ago)
        taps = [
            TapIn(
                new_ulid(at),
                n + 1,
                at,
                direction,
                None,
                "BUS_18",
                "29B-018",
                ticket["ticket_id"],
                "PAYG",
                "pass",
                True,
                "accepted",
                (),
                0,
                PHONES[ticket["device_key_id"]].present(ticket["code"], at),
            )
            for n, (at, direction) in enumerate(((board, "in"), (board + timedelta(minutes=20), "out")))
        ]
        await ingest_batch(uow.session, runtime.clock, device, taps)
    async with runtime.unit_of_work() as uow:
        await process_pending_taps(
            uow.session, runtime.clock, ServiceSnapshotSources(runtime.clock), ServiceTapEffects()
        )
    runtime.clock.set(started)  # type: ignore[attr-defined]


async def test_account_ticket_rides_are_charged_and_explained(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    await _topup(client, rider, 50000)
    first = await _account_ticket(client, rider)
    assert first.status_code == 200, first.text
    ticket = first.json()
    assert ticket["fare_product_id"] == "PAYG"
    again = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )
    assert again.json()["ticket_id"] == ticket["ticket_id"]
    other = await register(client)
    stolen = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(other["access"]),
    )
    assert stolen.status_code == 404, stolen.text  # another rider's key is as unknown as a missing one
    assert stolen.json()["code"] == "device_key_unknown"
    await _ride_bus(runtime, ticket, 90)
    charges = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert [(c["charged_minor"], c["status"], c["incomplete"]) for c in charges] == [(8000, "paid", False)]
    assert charges[0]["explanation"]
    wallet = (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()
    assert wallet["balance_minor"] == 42000
    trips = (await client.get("/v1/trips", headers=bearer(rider["access"]))).json()["items"]
    assert [t["charged_minor"] for t in trips] == [8000]
    assert trips[0]["explanation"] == charges[0]["explanation"]


async def test_an_empty_wallet_gets_no_account_ticket_until_it_covers_the_highest_single_fare(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    refused = await _account_ticket(client, rider)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "payg_balance_too_low"
    assert refused.json()["title"] != "The request was refused"  # its own catalogue entry
    english = await client.post("/v1/wallet/account-ticket", json={"device_key_id": rider["device_key_id"]},
                                headers={**bearer(rider["access"]), "Accept-Language": "en"})
    assert english.json()["title"].startswith("Top up the wallet")
    await _topup(client, rider, 10000)  # less than the dearest single fare of the Hanoi feed
    still = await client.post("/v1/wallet/account-ticket", json={"device_key_id": rider["device_key_id"]},
                              headers=bearer(rider["access"]))
    assert still.json()["code"] == "payg_balance_too_low"
    await _topup(client, rider, 50000)
    issued = await client.post("/v1/wallet/account-ticket", json={"device_key_id": rider["device_key_id"]},
                               headers=bearer(rider["access"]))
    assert issued.status_code == 200, issued.text


async def test_a_short_wallet_owes_the_ride_until_a_topup(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    runtime.payg_min_balance_minor = 0  # about debts: an operator that sets no minimum
    rider = await register(client)
    ticket = (await _account_ticket(client, rider)).json()
    await _ride_bus(runtime, ticket, 60)
    [charge] = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert (charge["charged_minor"], charge["status"]) == (8000, "owed")
    blocked = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )
    assert blocked.status_code == 400
    assert blocked.json()["code"] == "payg_debt_outstanding"
    assert (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()["owed_minor"] == 8000
    await _topup(client, rider, 10000)
    [charge] = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert charge["status"] == "paid"
    assert (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()["balance_minor"] == 2000
    fresh = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["ticket_id"] != ticket["ticket_id"]


async def test_a_bus_reader_admits_uploads_and_the_ride_is_charged(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    """The whole path: a real enrolled reader syncs its snapshot, admits the phone's presentation
    with the shared admission, uploads the taps through the device API; inline processing charges
    the journey to the wallet."""
    runtime.snapshot_sources = ServiceSnapshotSources(runtime.clock)
    runtime.tap_effects = ServiceTapEffects()
    rider = await register(client)
    await _topup(client, rider, 50000)  # at least the dearest single fare
    phone = PhoneKey.generate()
    key = await client.post(
        "/v1/device-keys", json={"public_jwk": phone.public_jwk()}, headers=bearer(rider["access"])
    )
    ticket = (
        await client.post(
            "/v1/wallet/account-ticket",
            json={"device_key_id": key.json()["device_key_id"]},
            headers=bearer(rider["access"]),
        )
    ).json()
    runtime.clock.advance(timedelta(minutes=12))  # type: ignore[attr-defined]  # the test's FixedClock
    token = await provision(client, runtime, "bus-18r", "HN_BUS", vehicle_id="29B-118", route_id="BUS_18")
    reader = ReaderDevice(client, runtime.clock, "bus-18r")  # type: ignore[arg-type]
    enrolled = await client.post(
        "/v1/devices/enroll", json={"enrolment_token": token, "public_key": public_key_b64(reader.key)}
    )
    assert enrolled.status_code == 200, enrolled.text
    path = "/v1/devices/bus-18r/snapshot"
    delta = await client.get(path, params={"since": 0}, headers=reader.auth("GET", path))
    assert delta.status_code == 200, delta.text
    doc = merge(None, delta.json())
    snapshot = snapshot_from_doc(doc, keyring_from_jwks)
    context = device_from_doc("bus-18r", doc["device"])
    journal: list[PriorTap] = []

    class Journal:
        def accepted_taps(self, ticket_id: str) -> list[PriorTap]:
            return journal

    board = runtime.clock.now() - timedelta(minutes=10)  # after the issuer key was made
    taps = []
    moves: list[tuple[datetime, Direction]] = [(board, "in"), (board + timedelta(minutes=7), "out")]
    for at, direction in moves:
        shown = phone.present(ticket["code"], at)
        decision = admit(shown, at, context, snapshot, Journal(), direction)
        assert decision.accepted, decision
        journal.append(PriorTap(f"t{len(journal)}", at, direction, "bus-18r", None, "29B-118"))
        taps.append(
            reader.tap(
                ticket_id=decision.ticket_id, scanned_at=at.isoformat(), direction=direction,
                vehicle_id="29B-118", route_id="BUS_18", fare_product_id=decision.fare_product_id,
                ticket_kind=decision.ticket_kind, code=shown, tap_id=new_ulid(at),
            )
        )
    uploaded = await reader.post(taps)
    assert uploaded.status_code == 200, uploaded.text
    charges = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert [(c["charged_minor"], c["status"]) for c in charges] == [(8000, "paid")]
    assert (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()["balance_minor"] == 42000
