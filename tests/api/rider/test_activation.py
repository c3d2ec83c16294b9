"""POST /v1/tickets/{id}/activate: a from_activation pass gets a fixed window and a new code."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from tests.api.rider.helpers import bearer, register
from tests.api.test_device_api import Device as ReaderDevice
from tests.api.test_device_api import provision
from ticketing.admission import Decision, PriorTap, admit
from ticketing.admission.snapshot_doc import device_from_doc, merge, snapshot_from_doc
from ticketing.admission.ticket_keys import keyring_from_jwks
from ticketing.core.ids import new_ulid
from ticketing.db.models.taps import TapException
from ticketing.db.models.tickets import TicketEvent, TicketQrImage
from ticketing.runtime import Runtime
from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects
from ticketing.service.tickets import denylist_since, published_key_set, revoke_ticket
from ticketing.service.tickets.activation import stored_claims
from ticketing.tickets.codec import open_ticket
from ticketing.tickets.validity import active_until
from validators.sync import public_key_b64

pytestmark = pytest.mark.usefixtures("shop")

WEEK = {
    "fare_product_id": "m2a_week",
    "rider_category_id": "pho_thong",
    "fare_media_id": "hanoi_metro_app",
    "quantity": 1,
}
SINGLE = {**WEEK, "fare_product_id": "bus_single_8000"}


async def bought(client: httpx.AsyncClient, token: str, item: dict[str, object], key: str) -> str:
    order = await client.post(
        "/v1/orders", json={"items": [item]}, headers={**bearer(token), "Idempotency-Key": key}
    )
    assert order.status_code == 201, order.text
    paid = await client.post(order.json()["payment"]["sandbox_confirm_url"], headers=bearer(token))
    ticket_ids: list[str] = paid.json()["ticket_ids"]
    return ticket_ids[0]


async def login(client: httpx.AsyncClient, rider: dict[str, str]) -> dict[str, str]:
    """A fresh access token after the test clock moved past the old one's lifetime."""
    response = await client.post(
        "/v1/auth/login", json={"email": rider["email"], "password": rider["password"]}
    )
    assert response.status_code == 200, response.text
    return bearer(response.json()["access_token"])


async def test_activation_resigns_the_pass_with_a_fixed_window(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    auth = bearer(rider["access"])
    ticket_id = await bought(client, rider["access"], WEEK, "a-1")
    before = (await client.get(f"/v1/tickets/{ticket_id}", headers=auth)).json()
    assert before["status"] == "issued"
    assert stored_claims(before["code"]).activation_days == 7
    old_svg = (await client.get(before["qr_svg_url"], headers=auth)).content

    runtime.clock.advance(timedelta(days=3, seconds=30))  # type: ignore[attr-defined]
    now = runtime.clock.now()
    auth = await login(client, rider)
    activated = await client.post(f"/v1/tickets/{ticket_id}/activate", headers=auth)
    assert activated.status_code == 200, activated.text
    body = activated.json()
    assert body["ticket_id"] == ticket_id
    assert body["status"] == "active"
    assert body["code"] != before["code"]
    start, end = datetime.fromisoformat(body["valid_from"]), datetime.fromisoformat(body["valid_until"])
    assert start <= now < start + timedelta(minutes=1)
    assert now + timedelta(days=7) <= end < start + timedelta(days=7, minutes=2)  # whole minutes, outwards

    async with runtime.unit_of_work() as uow:
        keys = await published_key_set(uow.session, now)
        events = list(
            await uow.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id))
        )
        cached = list(
            await uow.session.scalars(select(TicketQrImage).where(TicketQrImage.ticket_id == ticket_id))
        )
    claims = open_ticket(body["code"], keys, now).claims
    assert claims.activation_days is None  # readers check the signed window only
    assert (claims.valid_from, claims.valid_until) == (start, end)
    assert active_until(claims, now + timedelta(days=2)) == end
    assert claims.ticket_id == ticket_id
    assert claims.fare_product_id == "m2a_week"
    assert cached == []  # the old code's images are gone
    assert events[-1].actor == f"rider:{rider['rider_id']}"
    assert (events[-1].from_status, events[-1].to_status) == ("issued", "active")
    assert "activated" in events[-1].reason

    new_svg = (await client.get(body["qr_svg_url"], headers=auth)).content
    assert new_svg != old_svg
    again = await client.post(f"/v1/tickets/{ticket_id}/activate", headers=auth)
    assert again.status_code == 200
    assert again.json() == body

    # Refunded after activation: the deny-list entry outlives the OLD code too (a screenshot of it
    # would otherwise verify again once the entry is pruned at the end of the activated week).
    refund = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=auth)
    assert refund.status_code == 201, refund.text
    async with runtime.unit_of_work() as uow:
        added = dict((await denylist_since(uow.session, 0)).added)
    assert added[ticket_id] >= stored_claims(before["code"]).valid_until > end


async def test_activation_refusals(client: httpx.AsyncClient) -> None:
    rider, other = await register(client), await register(client)
    auth = bearer(rider["access"])
    week = await bought(client, rider["access"], WEEK, "a-2")
    single = await bought(client, rider["access"], SINGLE, "a-3")
    stolen = await client.post(f"/v1/tickets/{week}/activate", headers=bearer(other["access"]))
    assert stolen.status_code == 404
    assert stolen.json()["code"] == "ticket_not_found"
    refused = await client.post(f"/v1/tickets/{single}/activate", headers={**auth, "Accept-Language": "vi"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "ticket_not_activatable"
    assert refused.json()["title"] == "Vé này không thể kích hoạt"
    refund = await client.post("/v1/refunds", json={"ticket_id": week}, headers=auth)
    assert refund.status_code == 201, refund.text
    late = await client.post(f"/v1/tickets/{week}/activate", headers=auth)
    assert late.status_code == 400
    assert late.json()["code"] == "ticket_not_activatable"
    assert (await client.get(f"/v1/tickets/{week}", headers=auth)).json()["status"] == "refunded"


async def test_expired_activation_window_is_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rider = await register(client)
    week = await bought(client, rider["access"], WEEK, "a-4")
    runtime.clock.advance(timedelta(days=40))  # type: ignore[attr-defined]
    late = await client.post(f"/v1/tickets/{week}/activate", headers=await login(client, rider))
    assert late.status_code == 400
    assert late.json()["code"] == "ticket_not_activatable"


class Reader:
    """An enrolled metro gate that keeps its merged snapshot document like validators/sync.py."""

    def __init__(self, client: httpx.AsyncClient, runtime: Runtime, device_id: str) -> None:
        self.client, self.device_id = client, device_id
        self.device = ReaderDevice(client, runtime.clock, device_id)  # type: ignore[arg-type]
        self.doc: dict[str, object] | None = None

    async def enrol(self, runtime: Runtime) -> None:
        token = await provision(self.client, runtime, self.device_id, "HANOI_METRO", stop_id="M2A_01")
        enrolled = await self.client.post(
            "/v1/devices/enroll",
            json={"enrolment_token": token, "public_key": public_key_b64(self.device.key)},
        )
        assert enrolled.status_code == 200, enrolled.text

    async def sync(self) -> dict[str, object]:
        path = f"/v1/devices/{self.device_id}/snapshot"
        since = int(self.doc["version"]) if self.doc else 0  # type: ignore[call-overload]
        delta = await self.client.get(path, params={"since": since}, headers=self.device.auth("GET", path))
        assert delta.status_code == 200, delta.text
        self.doc = merge(self.doc, delta.json())
        return dict(delta.json())

    def admit(self, code: str, at: datetime) -> Decision:
        assert self.doc is not None
        snapshot = snapshot_from_doc(self.doc, keyring_from_jwks)
        context = device_from_doc(self.device_id, self.doc["device"])  # type: ignore[arg-type]

        class NeverSeen:
            def accepted_taps(self, ticket_id: str) -> list[PriorTap]:
                return []

        return admit(code, at, context, snapshot, NeverSeen())


async def test_a_screenshot_of_the_code_before_activation_is_refused_after_sync(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    """The gap: the old code carries ``a`` and the same ticket id; a reader that never saw the
    ticket would start a fresh period on it. After activation the deny-list supersedes it."""
    runtime.snapshot_sources = ServiceSnapshotSources(runtime.clock)
    runtime.tap_effects = ServiceTapEffects()
    rider = await register(client)
    ticket_id = await bought(client, rider["access"], WEEK, "a-5")
    old_code = (await client.get(f"/v1/tickets/{ticket_id}", headers=bearer(rider["access"]))).json()["code"]
    gate, fresh_gate = Reader(client, runtime, "gate-1"), Reader(client, runtime, "gate-2")
    await gate.enrol(runtime)
    await gate.sync()  # before activation
    runtime.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    assert gate.admit(old_code, runtime.clock.now()).accepted

    runtime.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
    auth = await login(client, rider)
    activated = await client.post(f"/v1/tickets/{ticket_id}/activate", headers=auth)
    assert activated.status_code == 200, activated.text
    new_code = activated.json()["code"]
    now = runtime.clock.now()

    # Not yet synced: the old code still passes (the documented offline limit).
    assert gate.admit(old_code, now + timedelta(days=10)).accepted
    delta = await gate.sync()
    assert delta["denylist"]["superseded"][0]["ticket_id"] == ticket_id  # type: ignore[index]
    await fresh_gate.enrol(runtime)
    await fresh_gate.sync()  # a full snapshot carries the entry too
    for reader in (gate, fresh_gate):
        for at in (now, now + timedelta(days=10)):  # inside the new week and after it
            refused = reader.admit(old_code, at)
            assert (refused.accepted, refused.reason, refused.ticket_id) == (False, "revoked", ticket_id)
        assert reader.admit(new_code, now + timedelta(minutes=1)).accepted
        assert reader.admit(new_code, now + timedelta(days=8)).reason == "expired"

    # Server side: a tap of the old code accepted by a reader that had not synced is a finding,
    # and the ticket (whose current code is good) is not revoked for it.
    shown_at = now + timedelta(minutes=2)
    tap = gate.device.tap(
        ticket_id=ticket_id, scanned_at=shown_at.isoformat(), vehicle_id=None, stop_id="M2A_01",
        fare_product_id="m2a_week", ticket_kind="pass", code=old_code, tap_id=new_ulid(shown_at),
    )
    uploaded = await gate.device.post([tap])
    assert uploaded.status_code == 200, uploaded.text
    async with runtime.unit_of_work() as uow:
        found = list(
            await uow.session.scalars(select(TapException).where(TapException.ticket_id == ticket_id))
        )
    assert [(e.kind, e.denylisted) for e in found] == [("revoked_tap", False)]
    assert gate.admit(new_code, now + timedelta(minutes=3)).accepted

    # Revoked later (used, so not refundable): every code of the ticket is refused; the supersede
    # entry becomes a full deny.
    async with runtime.unit_of_work() as uow:
        await revoke_ticket(uow.session, runtime.clock, ticket_id=ticket_id, reason="fraud", actor="ops:t")
    await gate.sync()
    assert gate.doc is not None
    assert gate.doc["superseded"] == {}
    assert gate.admit(new_code, now + timedelta(minutes=4)).reason == "revoked"
    assert gate.admit(old_code, now + timedelta(minutes=4)).reason == "revoked"
