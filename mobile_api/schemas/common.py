"""Shared body pieces: strict request base, the deprecated pre-GTFS field names, and times."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

# Every time the rider API returns is RFC 3339 in the network's zone (Hanoi: +07:00).
from ticketing.http.times import LocalTime as LocalTime

# The rider API used `rider_category` / `fare_media` before it took the GTFS names everywhere.
# Requests may still send the old names until release 0.2 (docs/rider-api.md, "Names").
DEPRECATED_ALIASES: dict[str, str] = {"rider_category_id": "rider_category", "fare_media_id": "fare_media"}
ALIASES_REMOVED_IN = "0.2"


_NOT_COPIED = {"title", "description", "default"}


def _deprecated_alias_properties(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Show the old names in OpenAPI as deprecated properties beside the GTFS ones."""
    properties = schema.get("properties", {})
    for field, old in DEPRECATED_ALIASES.items():
        if field in properties:
            properties[old] = {
                **{k: v for k, v in properties[field].items() if k not in _NOT_COPIED},
                "deprecated": True,
                "description": f"Deprecated alias of `{field}`, accepted until release {ALIASES_REMOVED_IN}",
            }


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_deprecated_alias_properties)

    @model_validator(mode="before")
    @classmethod
    def _one_name_per_thing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for field, old in DEPRECATED_ALIASES.items():
                if field in cls.model_fields and field in data and old in data:
                    raise ValueError(f"give {field} only: {old} is its deprecated alias")
        return data


def gtfs_id(field: str) -> AliasChoices:
    """Accept `field` (the GTFS name) or its deprecated pre-GTFS name in a request body."""
    return AliasChoices(field, DEPRECATED_ALIASES[field])


def rider_category_field(*, required: bool) -> Any:
    return Field(
        ... if required else None,
        min_length=1,
        max_length=64,
        validation_alias=gtfs_id("rider_category_id"),
        description="A rider_category_id of the feed (old name `rider_category`, deprecated)",
    )


def fare_media_field(*, required: bool) -> Any:
    return Field(
        ... if required else None,
        min_length=1,
        max_length=64,
        validation_alias=gtfs_id("fare_media_id"),
        description="A fare_media_id of the feed (old name `fare_media`, deprecated)",
    )

