"""A reader as the device API sees it: provisioned by an admin, enrolled with its own Ed25519 key,
signing each request and posting tap batches."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.factories import bearer, make_staff, staff_token
from ticketing.core.clock import FixedClock
from ticketing.core.ids import new_ulid
from ticketing.runtime import Runtime
from validators.sync import public_key_b64, request_token


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
