"""Device API: enrolment, signed requests with nonces, idempotent atomic tap batches, snapshots."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.factories import bearer, make_staff, staff_token
from tests.unit.admission.issuer import Issuer
from tests.unit.admission.ports import RecordingEffects, StaticSources
from ticketing.admission.tap_wire import CODE_CHARS_MAX
from ticketing.core.clock import FixedClock
from ticketing.core.ids import new_ulid
from ticketing.db.models.taps import Tap
from ticketing.runtime import Runtime
from validators.sync import public_key_b64, request_token


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


@pytest.fixture
def wired(runtime: Runtime, issuer: Issuer) -> tuple[StaticSources, RecordingEffects]:
    sources = StaticSources(issuer.jwks())
    effects = RecordingEffects(sources)
    runtime.snapshot_sources = sources
    runtime.tap_effects = effects
    return sources, effects


class Device:
    def __init__(self, client: httpx.AsyncClient, clock: FixedClock, device_id: str) -> None:
        self.client, self.clock, self.device_id = client, clock, device_id
        self.key = Ed25519PrivateKey.generate()
        self.seq = 0

    def auth(self, method: str, path: str, as_device: str | None = None) -> dict[str, str]:
        token = request_token(self.key, as_device or self.device_id, method, path, self.clock.now())
        return {"Authorization": f"Device {token}"}

    def tap(self, ticket_id: str | None = "AAAAAAAAAAAA", accepted: bool = True,
            **over: Any) -> dict[str, Any]:
        self.seq += 1
        at = self.clock.now() + timedelta(seconds=self.seq)
        body = {
            "tap_id": new_ulid(at), "sequence": self.seq, "scanned_at": at.isoformat(),
            "direction": "in", "vehicle_id": "29B-001", "ticket_id": ticket_id,
            "fare_product_id": "bus_single", "ticket_kind": "single", "accepted": accepted,
            "reason": "accepted" if accepted else "revoked", "flags": [], "snapshot_version": 0,
            "code": None,
        }
        body.update(over)
        return body

    async def post(self, taps: list[dict[str, Any]], gz: bool = False,
                   device_id: str | None = None) -> httpx.Response:
        target = device_id or self.device_id
        path = f"/v1/devices/{target}/taps"
        data = json.dumps({"taps": taps}).encode()
        headers = {"Content-Type": "application/json", **self.auth("POST", path)}
        if gz:
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        return await self.client.post(path, content=data, headers=headers)


async def provision(client: httpx.AsyncClient, runtime: Runtime, device_id: str,
                    operator: str = "HN_BUS", **where: str) -> str:
    admin = await make_staff(runtime, f"admin-{device_id}")
    body = {"device_id": device_id, "operator_id": operator, **(where or {"vehicle_id": "29B-001"})}
    resp = await client.post("/v1/ops/devices", json=body, headers=bearer(staff_token(runtime, admin)))
    assert resp.status_code == 201, resp.text
    return str(resp.json()["enrolment_token"])


async def enrolled(client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock,
                   device_id: str = "bus-1") -> Device:
    token = await provision(client, runtime, device_id)
    device = Device(client, clock, device_id)
    resp = await client.post("/v1/devices/enroll", json={
        "enrolment_token": token, "public_key": public_key_b64(device.key)})
    assert resp.status_code == 200, resp.text
    assert resp.json()["device_id"] == device_id
    return device


async def test_enrolment_token_is_one_time(client: httpx.AsyncClient, runtime: Runtime) -> None:
    token = await provision(client, runtime, "gate-1", "HANOI_METRO", stop_id="M_CAT_LINH")
    key = public_key_b64(Ed25519PrivateKey.generate())
    first = await client.post("/v1/devices/enroll", json={"enrolment_token": token, "public_key": key})
    assert first.status_code == 200
    # The old spelling of the path is a deprecated alias of the same operation.
    again = await client.post("/v1/devices/enrol", json={"enrolment_token": token, "public_key": key})
    assert again.status_code == 401
    assert again.json()["code"] == "enrolment_token_invalid"


async def test_batch_is_stored_once_and_answers_highest_sequence(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    taps = [device.tap(accepted=False, ticket_id=None, reason="malformed") for _ in range(5)]
    resp = await device.post(taps, gz=True)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"received": 5, "stored": 5, "duplicates": 0, "acked_through": 5,
                           "quarantined": 0}
    again = await device.post(taps)
    assert again.json() == {"received": 5, "stored": 0, "duplicates": 5, "acked_through": 5,
                            "quarantined": 0}
    status = await ops_devices(client, runtime)
    assert status["bus-1"]["taps_received"] == 5
    assert status["bus-1"]["sequence_gaps"] == []


async def ops_devices(client: httpx.AsyncClient, runtime: Runtime) -> dict[str, dict[str, Any]]:
    admin = await make_staff(runtime, f"viewer-{new_ulid(runtime.clock.now())[-6:]}", role="auditor")
    resp = await client.get("/v1/ops/devices", headers=bearer(staff_token(runtime, admin)))
    assert resp.status_code == 200, resp.text
    return {row["device_id"]: row for row in resp.json()["items"]}


async def test_malformed_batch_is_refused_whole_naming_the_tap(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    taps = [device.tap(accepted=False, ticket_id=None, reason="malformed") for _ in range(3)]
    taps[1]["reason"] = "because"
    resp = await device.post(taps)
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    problem = resp.json()
    assert problem["code"] == "tap_batch_invalid"
    assert problem["tap_index"] == 1
    assert problem["tap_id"] == taps[1]["tap_id"]
    assert taps[1]["tap_id"] in problem["detail_en"]  # the specific message; `detail` is Vietnamese
    status = await ops_devices(client, runtime)
    assert status["bus-1"]["taps_received"] == 0


async def test_gaps_in_sequences_are_surfaced(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    taps = [device.tap(accepted=False, ticket_id=None, reason="malformed") for _ in range(10)]
    kept = [t for t in taps if t["sequence"] not in (3, 4, 8)]
    assert (await device.post(kept)).status_code == 200
    row = (await ops_devices(client, runtime))["bus-1"]
    assert row["last_sequence"] == 10
    assert row["sequence_gaps"] == [{"first": 3, "last": 4}, {"first": 8, "last": 8}]
    assert row["missing_taps"] == 3


async def test_a_device_cannot_post_another_devices_taps(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    mine = await enrolled(client, runtime, clock, "bus-1")
    await enrolled(client, runtime, clock, "bus-2")
    taps = [mine.tap(accepted=False, ticket_id=None, reason="malformed")]
    resp = await mine.post(taps, device_id="bus-2")
    assert resp.status_code == 403
    assert resp.json()["code"] == "device_mismatch"
    # Claiming to be the other device with our key fails the signature.
    path = "/v1/devices/bus-2/taps"
    forged = await mine.client.post(path, json={"taps": taps},
                                    headers=mine.auth("POST", path, as_device="bus-2"))
    assert forged.status_code == 401
    snap = await mine.client.get("/v1/devices/bus-2/snapshot",
                                 headers=mine.auth("GET", "/v1/devices/bus-2/snapshot"))
    assert snap.status_code == 403


async def test_replayed_request_token_is_refused(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    path = "/v1/devices/bus-1/snapshot"
    headers = device.auth("GET", path)
    assert (await client.get(path, headers=headers)).status_code == 200
    replay = await client.get(path, headers=headers)
    assert replay.status_code == 401
    assert replay.json()["code"] == "request_replayed"
    clock.advance(timedelta(minutes=10))
    late = device.auth("GET", path)
    clock.advance(timedelta(minutes=10))
    assert (await client.get(path, headers=late)).json()["code"] == "device_token_expired"
    assert (await client.get(path)).status_code == 401


async def test_snapshot_deltas_and_server_time(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    sources, _ = wired
    device = await enrolled(client, runtime, clock)
    sources.deny("AAAAAAAAAAAB")
    path = "/v1/devices/bus-1/snapshot"
    full = (await client.get(path, headers=device.auth("GET", path))).json()
    assert full["version"] == 1
    assert full["denylist"] == {"full": True, "added": ["AAAAAAAAAAAB"], "removed": []}
    assert full["server_time"] == clock.now().isoformat()
    assert full["keys"]["keys"][0]["kid"]
    assert full["device"]["vehicle_id"] == "29B-001"
    sources.deny("AAAAAAAAAAAC")
    delta = (await client.get(path, params={"since": 1}, headers=device.auth("GET", path))).json()
    assert delta["denylist"] == {"full": False, "added": ["AAAAAAAAAAAC"], "removed": []}


async def test_operator_sees_only_its_own_devices(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    await enrolled(client, runtime, clock, "bus-1")
    metro = await make_staff(runtime, "metro-op", role="operator", operator_id="HANOI_METRO")
    headers = bearer(staff_token(runtime, metro))
    resp = await client.get("/v1/ops/devices", headers=headers)
    assert resp.status_code == 200
    assert resp.json()["items"] == []
    denied = await client.post("/v1/ops/devices", headers=headers, json={
        "device_id": "bus-9", "operator_id": "HN_BUS", "vehicle_id": "29B-009"})
    assert denied.status_code == 403


async def test_disabled_device_is_cut_off(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    admin = await make_staff(runtime, "disabler")
    resp = await client.post("/v1/ops/devices/bus-1/disable", headers=bearer(staff_token(runtime, admin)))
    assert resp.status_code == 200, resp.text
    assert resp.json()["disabled"] is True
    path = "/v1/devices/bus-1/snapshot"
    refused = await client.get(path, headers=device.auth("GET", path))
    assert refused.status_code == 401
    assert refused.json()["code"] == "device_unknown"


async def test_junk_codes_and_implausible_taps_never_refuse_the_batch(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    """What a reader journals is always uploadable: junk codes are kept bounded, implausible taps
    are stored quarantined, forged accepted taps are stored unverifiable; the rest is processed."""
    _, effects = wired
    device = await enrolled(client, runtime, clock)
    refused = {"accepted": False, "ticket_id": None, "reason": "malformed"}
    empty = device.tap(**refused, code="")
    huge = device.tap(**refused, code="A" * 60_000)
    nul = device.tap(**refused, code="QR\x00\udcff")
    forged = device.tap(code=None)
    past = device.tap(**refused, scanned_at="1969-12-31T23:00:00+00:00")
    future = device.tap(**refused, scanned_at="9999-12-31T00:00:00+00:00")
    after = device.tap(**refused)
    taps = [empty, huge, nul, forged, past, future, after]
    resp = await device.post(taps, gz=True)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"received": 7, "stored": 7, "duplicates": 0, "acked_through": 7,
                           "quarantined": 2}
    assert (await device.post(taps)).json()["duplicates"] == 7  # and idempotent
    assert effects.used == {}
    headers = bearer(staff_token(runtime, await make_staff(runtime, "ops-q")))
    listed = (await client.get("/v1/ops/taps/quarantined", headers=headers)).json()
    assert sorted(t["tap_id"] for t in listed["items"]) == sorted([past["tap_id"], future["tap_id"]])
    assert listed["next"] is None
    assert all(t["quarantine_reason"].startswith("implausible") for t in listed["items"])
    row = (await ops_devices(client, runtime))["bus-1"]
    assert (row["quarantined_taps"], row["unverifiable_taps"], row["unprocessed_taps"]) == (2, 1, 0)
    exceptions = (await client.get("/v1/ops/tap-exceptions", headers=headers,
                                   params={"kind": "unverifiable_tap"})).json()["items"]
    assert [(e["tap_id"], e["ticket_id"]) for e in exceptions] == [(forged["tap_id"], "AAAAAAAAAAAA")]
    metrics = (await client.get("/metrics")).text
    assert 'vexe_taps_quarantined{operator_id="HN_BUS"} 2.0' in metrics
    assert 'vexe_taps_unverifiable{operator_id="HN_BUS"} 1.0' in metrics
    requeued = await client.post("/v1/ops/taps/requeue", json={"device_id": "bus-1"}, headers=headers)
    assert requeued.status_code == 200, requeued.text
    assert requeued.json()["requeued"] == 2
    bad = await client.post("/v1/ops/taps/requeue", json={"device_id": "bus-1", "all": True},
                            headers=headers)
    assert bad.status_code == 422


async def test_bounded_codes_are_stored_with_their_hash(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    huge = device.tap(accepted=False, ticket_id=None, reason="malformed", code="B" * 5000)
    assert (await device.post([huge])).status_code == 200
    async with runtime.unit_of_work() as uow:
        tap = await uow.session.get(Tap, huge["tap_id"])
    assert tap is not None
    assert tap.code == "B" * CODE_CHARS_MAX
    assert tap.code_sha256 == hashlib.sha256(b"B" * 5000).hexdigest()


@pytest.mark.parametrize("damage", [
    {"sequence": 2**70}, {"sequence": 0}, {"snapshot_version": 2**70}, {"scanned_at": "yesterday"},
    {"flags": [[[]]]}, {"tap_id": "x" * 10_000},
])
async def test_a_batch_malformed_as_a_whole_is_422_never_500(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any,
    damage: dict[str, Any],
) -> None:
    device = await enrolled(client, runtime, clock)
    resp = await device.post([device.tap(**damage)])
    assert resp.status_code == 422, resp.text
    assert resp.json()["code"] == "tap_batch_invalid"


async def test_deeply_nested_json_is_422(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)
    path = "/v1/devices/bus-1/taps"
    body = b'{"taps": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    resp = await client.post(path, content=body, headers={"Content-Type": "application/json",
                                                            **device.auth("POST", path)})
    assert resp.status_code == 422, resp.text
    # the one JSON-depth bound of the HTTP edge answers before the batch is parsed
    assert resp.json()["code"] == "json_too_deep"


async def test_quarantined_taps_are_scoped_to_the_operator(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, wired: Any
) -> None:
    device = await enrolled(client, runtime, clock)  # an HN_BUS reader
    odd = device.tap(accepted=False, ticket_id=None, reason="malformed",
                     scanned_at="1969-12-31T23:00:00+00:00")
    assert (await device.post([odd])).json()["quarantined"] == 1
    metro = bearer(staff_token(runtime, await make_staff(runtime, "metro-ops", "operator",
                                                         "HANOI_METRO")))
    bus = bearer(staff_token(runtime, await make_staff(runtime, "bus-ops", "operator", "HN_BUS")))
    auditor = bearer(staff_token(runtime, await make_staff(runtime, "audit", "auditor")))
    assert (await client.get("/v1/ops/taps/quarantined", headers=metro)).json()["items"] == []
    forbidden = await client.get("/v1/ops/taps/quarantined", headers=metro,
                                 params={"operator_id": "HN_BUS"})
    assert forbidden.status_code == 403
    other = await client.post("/v1/ops/taps/requeue", json={"all": True}, headers=metro)
    assert other.json() == {"requeued": 0, "tap_ids": []}
    assert (await client.post("/v1/ops/taps/requeue", json={"all": True},
                              headers=auditor)).status_code == 403
    [item] = (await client.get("/v1/ops/taps/quarantined", headers=bus)).json()["items"]
    assert (item["tap_id"], item["device_id"], item["sequence"]) == (odd["tap_id"], "bus-1", 1)
    mine = await client.post("/v1/ops/taps/requeue", json={"tap_ids": [odd["tap_id"]]}, headers=bus)
    assert mine.json() == {"requeued": 1, "tap_ids": [odd["tap_id"]]}
