"""One name per thing: walk the OpenAPI document and fail on a second name for the same thing.

A name on the forbidden list may appear only where the document marks it ``deprecated`` (the old
rider-API names kept for one release). Every list answers ``{"items": [...], "next": ...}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

# second name -> the one name the APIs use
SYNONYMS = {
    "rider_category": "rider_category_id",
    "fare_media": "fare_media_id",
    "product_id": "fare_product_id",
    "fare_product": "fare_product_id",
    "category_id": "rider_category_id",
    "media_id": "fare_media_id",
    "next_offset": "next",
    "next_cursor": "next",
    "offset": "cursor",
    "from": "from_status",
    "to": "to_status",
    "date": "service_date",
    "day": "service_date",
    "enrol": "enroll",
    "enrolment": "enrolment_token",
    "enrollment_token": "enrolment_token",
}


def _names(spec: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(where, name, deprecated) for every property, parameter and path segment."""
    for path, operations in spec["paths"].items():
        for segment in path.strip("/").split("/"):
            deprecated = all(op.get("deprecated", False) for op in operations.values())
            yield f"path {path}", segment, deprecated
        for method, op in operations.items():
            for param in op.get("parameters", []):
                name = param["name"]
                yield f"{method.upper()} {path} ?{name}", name, bool(param.get("deprecated"))
    for schema_name, schema in spec["components"]["schemas"].items():
        for prop, body in schema.get("properties", {}).items():
            yield f"schema {schema_name}.{prop}", prop, bool(body.get("deprecated"))


async def _spec(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    spec: dict[str, Any] = response.json()
    return spec


async def test_no_second_name_for_the_same_thing(client: httpx.AsyncClient) -> None:
    spec = await _spec(client)
    seen = list(_names(spec))
    assert len(seen) > 200  # the walk really covers the document
    # ... and sees the deprecated aliases, which it lets through only because they are marked.
    assert {n for _, n, deprecated in seen if deprecated} >= {"rider_category", "fare_media", "enrol"}
    wrong = [
        f"{where}: {name!r} — say {SYNONYMS[name]!r}"
        for where, name, deprecated in seen
        if name in SYNONYMS and not deprecated
    ]
    assert not wrong, "\n".join(wrong)


async def test_every_deprecated_name_has_its_current_name_beside_it(client: httpx.AsyncClient) -> None:
    spec = await _spec(client)
    for schema_name, schema in spec["components"]["schemas"].items():
        props = schema.get("properties", {})
        for prop, body in props.items():
            if body.get("deprecated"):
                assert SYNONYMS.get(prop) in props, f"{schema_name}.{prop} has no current name beside it"


def _answers(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(operation, schema) of every successful JSON answer, references resolved."""
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for status in ("200", "201"):
                content = op.get("responses", {}).get(status, {}).get("content", {})
                schema = content.get("application/json", {}).get("schema")
                if schema is None:
                    continue
                ref = schema.get("$ref", "")
                yield f"{method.upper()} {path}", schemas[ref.rsplit("/", 1)[-1]] if ref else schema


async def test_every_list_is_items_and_next(client: httpx.AsyncClient) -> None:
    spec = await _spec(client)
    pages = 0
    for operation, schema in _answers(spec):
        assert schema.get("type") != "array", f"{operation} answers a bare list"
        properties = schema.get("properties", {})
        # One thing with its parts (an order and its `items` lines) is named by an id; a page is not.
        is_one_thing = any(p.endswith("_id") for p in properties)
        if properties.get("items", {}).get("type") == "array" and not is_one_thing:
            pages += 1
            assert "next" in schema["properties"], f"{operation} answers a list without `next`"
    assert pages >= 10
