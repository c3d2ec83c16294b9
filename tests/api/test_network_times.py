"""One time format: RFC 3339 with the network's offset, taken from the active feed's zone."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from tests.api.rider.helpers import bearer, publish_hanoi_feed, register, wire_purchase_ports
from tests.factories import make_staff, staff_token
from ticketing.core.timefmt import human, rfc3339
from ticketing.runtime import Runtime

HANOI = Path(__file__).resolve().parents[2] / "data" / "gtfs" / "hanoi"
ITEM = {"fare_product_id": "m2a_day", "rider_category_id": "pho_thong", "fare_media_id": "hanoi_metro_app"}


def _feed_in(zone: str, tmp_path: Path) -> Path:
    """The Hanoi feed, its agencies moved to another zone."""
    copy = tmp_path / "feed"
    shutil.copytree(HANOI, copy)
    agency = copy / "agency.txt"
    agency.write_text(agency.read_text(encoding="utf-8").replace("Asia/Ho_Chi_Minh", zone), encoding="utf-8")
    return copy


async def _buy(client: httpx.AsyncClient) -> tuple[dict[str, str], dict[str, object]]:
    rider = await register(client)
    order = await client.post(
        "/v1/orders", json={"items": [ITEM]}, headers={**bearer(rider["access"]), "Idempotency-Key": "t-1"}
    )
    assert order.status_code == 201, order.text
    paid = await client.post(
        f"/v1/orders/{order.json()['order_id']}/sandbox-confirm", headers=bearer(rider["access"])
    )
    return rider, paid.json()


def _offset(stamp: object) -> timedelta | None:
    assert isinstance(stamp, str)
    assert "T" in stamp
    return datetime.fromisoformat(stamp).utcoffset()


async def test_rider_and_ops_answers_use_the_feed_zone(
    client: httpx.AsyncClient, runtime: Runtime, tmp_path: Path
) -> None:
    await publish_hanoi_feed(runtime, _feed_in("Asia/Tokyo", tmp_path))
    wire_purchase_ports(runtime)
    rider, order = await _buy(client)
    nine = timedelta(hours=9)
    assert _offset(order["created_at"]) == nine
    ticket = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"][0]
    assert {_offset(ticket[f]) for f in ("valid_from", "valid_until", "issued_at")} == {nine}

    admin = {"Authorization": f"Bearer {staff_token(runtime, await make_staff(runtime, 'root'))}"}
    ops = await client.get(f"/v1/ops/tickets/{ticket['ticket_id']}", headers=admin)
    assert ops.status_code == 200, ops.text
    assert _offset(ops.json()["valid_from"]) == nine  # not "Z"
    assert {_offset(change["at"]) for change in ops.json()["history"]} == {nine}
    versions = await client.get("/v1/ops/fares/feeds", headers=admin)
    assert _offset(versions.json()["items"][0]["imported_at"]) == nine


async def test_hanoi_answers_carry_plus_seven(client: httpx.AsyncClient, runtime: Runtime) -> None:
    await publish_hanoi_feed(runtime)
    wire_purchase_ports(runtime)
    _, order = await _buy(client)
    assert str(order["created_at"]).endswith("+07:00")


def test_the_formatter_writes_rfc3339_and_human_times() -> None:
    at = datetime.fromisoformat("2026-12-12T12:19:00+00:00")
    assert rfc3339(at) == "2026-12-12T19:19:00+07:00"
    assert human(at) == "12/12/2026 19:19"
