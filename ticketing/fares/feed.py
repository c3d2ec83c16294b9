"""The immutable ``Feed``: one loaded GTFS Fares v2 data set plus its lookup indexes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ticketing.fares.index import JoinRuleIndex, LegRuleIndex, TransferRuleIndex
from ticketing.fares.model import (
    Agency,
    FareCap,
    FareMedia,
    FreeZone,
    JoinRule,
    LegRule,
    ProductRow,
    ProductValidity,
    RiderCategory,
    Route,
    ServiceCalendar,
    Stop,
    Timeframe,
    TransferRule,
    TripPattern,
)


@dataclass(frozen=True, slots=True, eq=False)
class Feed:
    agency_records: Mapping[str, Agency]
    routes: Mapping[str, Route]
    stops: Mapping[str, Stop]
    networks: Mapping[str, str]  # network_id -> name ("" when only routes.network_id names it)
    services: Mapping[str, ServiceCalendar]
    areas: Mapping[str, str]
    stop_area_ids: Mapping[str, frozenset[str]]  # as listed in stop_areas.txt
    fare_media: Mapping[str, FareMedia]
    rider_categories: Mapping[str, RiderCategory]
    products: Mapping[str, tuple[ProductRow, ...]]
    leg_rules: tuple[LegRule, ...]
    leg_rules_have_priority: bool
    timeframes: Mapping[str, tuple[Timeframe, ...]]
    join_rules: tuple[JoinRule, ...]
    transfer_rules: tuple[TransferRule, ...]
    validity: Mapping[str, ProductValidity]
    caps: tuple[FareCap, ...]
    timezone: ZoneInfo
    feed_version: str | None = None
    trips: Mapping[str, TripPattern] = field(default_factory=dict)
    free_zones: tuple[FreeZone, ...] = ()
    leg_index: LegRuleIndex = field(init=False)
    transfer_index: TransferRuleIndex = field(init=False)
    join_index: JoinRuleIndex = field(init=False)
    _stop_areas: dict[str, frozenset[str]] = field(init=False)
    _product_agencies: dict[str, tuple[str, ...]] = field(init=False)
    _trips_by_route: dict[str, tuple[TripPattern, ...]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "leg_index", LegRuleIndex(self.leg_rules, self.leg_rules_have_priority))
        object.__setattr__(self, "transfer_index", TransferRuleIndex(self.transfer_rules))
        object.__setattr__(self, "join_index", JoinRuleIndex(self.join_rules))
        object.__setattr__(self, "_stop_areas", {s: self._resolve_areas(s) for s in self.stops})
        object.__setattr__(self, "_product_agencies", self._agencies_by_product())
        by_route: dict[str, list[TripPattern]] = {}
        for trip_id in sorted(self.trips):
            by_route.setdefault(self.trips[trip_id].route_id, []).append(self.trips[trip_id])
        object.__setattr__(self, "_trips_by_route", {k: tuple(v) for k, v in by_route.items()})

    def trips_of_route(self, route_id: str) -> tuple[TripPattern, ...]:
        """The route's trips in trip_id order (the first that fits a leg is its representative)."""
        return self._trips_by_route.get(route_id, ())

    # -- agencies, operators, networks ------------------------------------------------------
    @property
    def agencies(self) -> dict[str, str]:
        """agency_id -> agency name (operators are the feed's agencies)."""
        return {a.agency_id: a.name for a in self.agency_records.values()}

    @property
    def timezone_name(self) -> str:
        return self.timezone.key

    def network_of_route(self, route_id: str) -> str | None:
        route = self.routes.get(route_id)
        return route.network_id if route is not None else None

    def routes_of_network(self, network_id: str | None) -> tuple[Route, ...]:
        return tuple(r for r in self.routes.values() if r.network_id == network_id)

    # -- stops and areas --------------------------------------------------------------------
    def station_of(self, stop_id: str) -> str:
        """The stop's parent station (or the stop itself when it has none)."""
        stop = self.stops.get(stop_id)
        seen = 0
        while stop is not None and stop.parent_station is not None and seen < 4:
            parent = self.stops.get(stop.parent_station)
            if parent is None:
                break
            stop = parent
            seen += 1
            if stop.location_type == 1:
                break
        return stop.stop_id if stop is not None else stop_id

    def areas_of_stop(self, stop_id: str) -> frozenset[str]:
        """Areas of a stop: its own stop_areas rows, else those of its parent (station) chain."""
        found = self._stop_areas.get(stop_id)
        return found if found is not None else frozenset()

    def _resolve_areas(self, stop_id: str) -> frozenset[str]:
        current: str | None = stop_id
        for _ in range(5):
            if current is None:
                break
            own = self.stop_area_ids.get(current)
            if own:
                return own
            stop = self.stops.get(current)
            current = stop.parent_station if stop is not None else None
        return frozenset()

    def zone_of_stop(self, stop_id: str) -> ZoneInfo:
        """stop_timezone of the stop or its parent station, else the feed (agency) timezone."""
        current: str | None = stop_id
        for _ in range(5):
            stop = self.stops.get(current) if current is not None else None
            if stop is None:
                break
            if stop.timezone:
                return ZoneInfo(stop.timezone)
            current = stop.parent_station
        return self.timezone

    # -- rider categories and products ------------------------------------------------------
    @property
    def default_rider_category(self) -> str | None:
        for category in self.rider_categories.values():
            if category.is_default:
                return category.rider_category_id
        return None

    def product_name(self, fare_product_id: str) -> str:
        rows = self.products.get(fare_product_id, ())
        for row in rows:
            if row.name:
                return row.name
        return fare_product_id

    def is_pass(self, fare_product_id: str) -> bool:
        return fare_product_id in self.validity

    def operators_of_product(self, fare_product_id: str) -> tuple[str, ...]:
        """agency_ids whose routes the product's leg rules cover."""
        return self._product_agencies.get(fare_product_id, ())

    def _agencies_by_product(self) -> dict[str, tuple[str, ...]]:
        by_network: dict[str | None, set[str]] = {}
        for route in self.routes.values():
            by_network.setdefault(route.network_id, set()).add(route.agency_id)
        every = {a for agencies in by_network.values() for a in agencies}
        named = self.leg_index.named_networks
        unnamed = {a for net, agencies in by_network.items() if net not in named for a in agencies}
        result: dict[str, set[str]] = {}
        for rule in self.leg_rules:
            target = result.setdefault(rule.fare_product_id, set())
            if rule.network_id is not None:
                target |= by_network.get(rule.network_id, set())
            elif self.leg_rules_have_priority:
                target |= every
            else:
                target |= unnamed
        return {k: tuple(sorted(v)) for k, v in result.items()}
