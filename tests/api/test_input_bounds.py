"""No input answers 500: integers beyond 64 bits, odd staff accounts and other riders' key ids
are problem documents (422 / 404), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.rider.helpers import publish_hanoi_feed, register
from tests.factories import bearer, make_staff, staff_token
from ticketing.runtime import Runtime

INT64_MAX = 2**63 - 1


def _integer_inputs_without_bounds(doc: dict[str, Any]) -> Iterator[str]:
    components = doc.get("components", {}).get("schemas", {})

    def walk(schema: dict[str, Any], where: str, seen: frozenset[str]) -> Iterator[str]:
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                yield from walk(components[name], f"{where}->{name}", seen | {name})
            return
        if schema.get("type") == "integer":
            top = schema.get("maximum", schema.get("exclusiveMaximum"))
            bottom = schema.get("minimum", schema.get("exclusiveMinimum"))
            if top is None or bottom is None or top > INT64_MAX or bottom < -INT64_MAX:
                yield where
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, []):
                yield from walk(sub, where, seen)
        for name, sub in schema.get("properties", {}).items():
            yield from walk(sub, f"{where}.{name}", seen)
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                yield from walk(schema[key], f"{where}[]", seen)

    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                yield from walk(param.get("schema", {}), f"{method} {path} ?{param['name']}", frozenset())
            for content in op.get("requestBody", {}).get("content", {}).values():
                yield from walk(content.get("schema", {}), f"{method} {path} body", frozenset())


def test_every_integer_input_is_bounded_within_64_bits(app: FastAPI) -> None:
    # A database column is 64 bits at most: an unbounded integer reaching it is a 500.
    assert list(_integer_inputs_without_bounds(app.openapi())) == []


async def test_huge_integers_in_queries_are_422(client: httpx.AsyncClient, runtime: Runtime) -> None:
    admin = staff_token(runtime, await make_staff(runtime, "quan-tri"))
    for path in (f"/v1/ops/tickets/denylist?after_version={2**70}",
                 f"/v1/devices/bus-1/snapshot?since={2**70}",
                 f"/v1/ops/concessions?limit={2**64}"):
        response = await client.get(path, headers=bearer(admin))
        assert response.status_code == 422, (path, response.text)
        assert response.json()["code"] == "validation_failed"


async def test_huge_integers_in_bodies_are_422(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    for path, field in (("/v1/wallet/topups", "amount_minor"), ("/v1/orders", "quantity")):
        response = await client.post(
            path, content=b'{"' + field.encode() + b'": ' + str(2**70).encode() + b"}",
            headers={"Content-Type": "application/json", "Idempotency-Key": "k-1", **bearer(rider["access"])},
        )
        assert response.status_code == 422, (path, response.text)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"username": "u" * 120, "password": "mat-khau-dai-du", "role": "admin", "operator_id": ""},
         "validation_failed"),
        ({"username": "u" * 60, "password": "mat-khau-dai-du", "role": "admin", "operator_id": ""},
         "operator_invalid"),
        ({"username": "u" * 60, "password": "mat-khau-dai-du", "role": "operator", "operator_id": ""},
         "operator_invalid"),
        ({"username": "u" * 60, "password": "mat-khau-dai-du", "role": "operator", "operator_id": " "},
         "operator_invalid"),
        ({"username": "bus", "password": "mat-khau-dai-du", "role": "operator", "operator_id": "NO_SUCH"},
         "operator_unknown"),
    ],
)
async def test_odd_staff_accounts_are_422(
    client: httpx.AsyncClient, runtime: Runtime, body: dict[str, str], code: str
) -> None:
    await publish_hanoi_feed(runtime)
    admin = staff_token(runtime, await make_staff(runtime, "quan-tri"))
    response = await client.post("/v1/ops/staff", json=body, headers=bearer(admin))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code


async def test_operator_accounts_name_an_agency_of_the_feed_in_force(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    admin = staff_token(runtime, await make_staff(runtime, "quan-tri"))
    body = {"username": "xe-buyt", "password": "mat-khau-dai-du", "role": "operator", "operator_id": "HN_BUS"}
    no_feed = await client.post("/v1/ops/staff", json=body, headers=bearer(admin))
    assert no_feed.status_code == 422
    assert no_feed.json()["code"] == "operator_unknown"
    await publish_hanoi_feed(runtime)
    created = await client.post("/v1/ops/staff", json=body, headers=bearer(admin))
    assert created.status_code == 201, created.text
    assert created.json()["operator_id"] == "HN_BUS"
