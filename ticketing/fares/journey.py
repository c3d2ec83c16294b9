"""The journey a quote prices (the input document of docs/decisions.md §4) and its parser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketing.core.clock import parse_aware
from ticketing.core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class JourneyLeg:
    route_id: str
    from_stop_id: str
    to_stop_id: str
    departure: datetime
    arrival: datetime


@dataclass(frozen=True, slots=True)
class HeldProduct:
    fare_product_id: str
    valid_from: datetime
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class PriorCharge:
    """A pay-as-you-go charge the rider already paid (for caps): when, where, how much."""

    at: datetime
    amount_minor: int
    network_id: str | None = None
    leg_group_id: str | None = None


@dataclass(frozen=True, slots=True)
class Journey:
    legs: tuple[JourneyLeg, ...]
    rider_category: str | None = None
    fare_media: str | None = None
    held_products: tuple[HeldProduct, ...] = ()
    prior_charges: tuple[PriorCharge, ...] = ()
    best_fare: bool = True


# `rider_category_id` / `fare_media_id` are the GTFS names; the short forms are the older journey
# names, still read (the CLI's journey files use them).
_TOP = {
    "rider_category_id", "fare_media_id", "rider_category", "fare_media",
    "held_products", "legs", "prior_charges", "best_fare",
}
_LEG = {"route_id", "from_stop_id", "to_stop_id", "departure", "arrival"}


def _bad(message: str) -> InvalidInput:
    return InvalidInput("journey_invalid", message)


def _obj(value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _bad(f"{where}: expected an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _bad(f"{where}: unknown field {unknown[0]!r}")
    return value


def _text(obj: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise _bad(f"{where}.{key}: required")
        return None
    if not isinstance(value, str) or not value:
        raise _bad(f"{where}.{key}: expected a non-empty string")
    return value


def _named(obj: Mapping[str, Any], gtfs_name: str, old_name: str) -> str | None:
    value = _text(obj, gtfs_name, "journey", required=False)
    old = _text(obj, old_name, "journey", required=False)
    if value is not None and old is not None and value != old:
        raise _bad(f"journey: {gtfs_name} and {old_name} name the same thing; give one")
    return value if value is not None else old


def _time(obj: Mapping[str, Any], key: str, where: str) -> datetime:
    raw = _text(obj, key, where)
    assert raw is not None
    try:
        return parse_aware(raw)
    except ValueError as exc:
        raise _bad(f"{where}.{key}: {exc}") from None


def _list(obj: Mapping[str, Any], key: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise _bad(f"{key}: expected a list")
    return value


def parse_journey(data: Any) -> Journey:
    """The §4 journey document; raises InvalidInput("journey_invalid") with a one-line reason."""
    top = _obj(data, "journey", _TOP)
    legs: list[JourneyLeg] = []
    for i, raw in enumerate(_list(top, "legs")):
        where = f"legs[{i}]"
        leg = _obj(raw, where, _LEG)
        departure, arrival = _time(leg, "departure", where), _time(leg, "arrival", where)
        if arrival < departure:
            raise _bad(f"{where}.arrival: before departure")
        if legs and departure < legs[-1].arrival:
            raise _bad(f"{where}.departure: before the previous leg's arrival")
        legs.append(
            JourneyLeg(
                _text(leg, "route_id", where) or "",
                _text(leg, "from_stop_id", where) or "",
                _text(leg, "to_stop_id", where) or "",
                departure,
                arrival,
            )
        )
    if not legs:
        raise _bad("legs: at least one leg is required")
    held: list[HeldProduct] = []
    for i, raw in enumerate(_list(top, "held_products")):
        where = f"held_products[{i}]"
        item = _obj(raw, where, {"fare_product_id", "valid_from", "valid_until"})
        start, until = _time(item, "valid_from", where), _time(item, "valid_until", where)
        if until <= start:
            raise _bad(f"{where}.valid_until: not after valid_from")
        held.append(HeldProduct(_text(item, "fare_product_id", where) or "", start, until))
    prior: list[PriorCharge] = []
    for i, raw in enumerate(_list(top, "prior_charges")):
        where = f"prior_charges[{i}]"
        item = _obj(raw, where, {"at", "amount_minor", "network_id", "leg_group_id"})
        amount = item.get("amount_minor")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise _bad(f"{where}.amount_minor: expected a non-negative integer")
        prior.append(
            PriorCharge(
                _time(item, "at", where),
                amount,
                _text(item, "network_id", where, required=False),
                _text(item, "leg_group_id", where, required=False),
            )
        )
    best_fare = top.get("best_fare", True)
    if not isinstance(best_fare, bool):
        raise _bad("best_fare: expected true or false")
    return Journey(
        legs=tuple(legs),
        rider_category=_named(top, "rider_category_id", "rider_category"),
        fare_media=_named(top, "fare_media_id", "fare_media"),
        held_products=tuple(held),
        prior_charges=tuple(prior),
        best_fare=best_fare,
    )
