"""Records of a loaded feed. Immutable; every fare record remembers its file line for explanations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Agency:
    agency_id: str
    name: str
    timezone: str


@dataclass(frozen=True, slots=True)
class Route:
    route_id: str
    agency_id: str
    network_id: str | None
    short_name: str
    long_name: str
    route_type: int | None = None  # GTFS route_type: 0 tram, 1 metro, 2 rail, 3 bus, ...


@dataclass(frozen=True, slots=True)
class Stop:
    stop_id: str
    name: str
    location_type: int
    parent_station: str | None
    timezone: str | None


@dataclass(frozen=True, slots=True)
class ServiceCalendar:
    """calendar.txt row plus calendar_dates.txt exceptions for one service_id."""

    service_id: str
    weekdays: tuple[bool, ...]  # seven flags, Monday first
    start: date | None
    end: date | None
    added: frozenset[date]
    removed: frozenset[date]

    def active_on(self, day: date) -> bool:
        if day in self.removed:
            return False
        if day in self.added:
            return True
        if self.start is None or self.end is None:
            return False
        return self.start <= day <= self.end and self.weekdays[day.weekday()]


@dataclass(frozen=True, slots=True)
class FareMedia:
    fare_media_id: str
    name: str
    media_type: int


@dataclass(frozen=True, slots=True)
class RiderCategory:
    rider_category_id: str
    name: str
    is_default: bool
    eligibility_url: str | None


@dataclass(frozen=True, slots=True)
class ProductRow:
    """One fare_products.txt row: a price for a (product, rider category, fare media)."""

    fare_product_id: str
    name: str
    rider_category_id: str | None  # None: any category without its own row
    fare_media_id: str | None  # None: media unknown / any medium without its own row
    amount_minor: int
    currency: str
    line: int


@dataclass(frozen=True, slots=True)
class Timeframe:
    timeframe_group_id: str
    start_s: int  # seconds after local midnight, inclusive
    end_s: int  # exclusive, at most 86400
    service_id: str
    line: int


@dataclass(frozen=True, slots=True)
class LegRule:
    line: int
    leg_group_id: str | None
    network_id: str | None
    from_area_id: str | None
    to_area_id: str | None
    from_timeframe_group_id: str | None
    to_timeframe_group_id: str | None
    fare_product_id: str
    rule_priority: int

    @property
    def ref(self) -> str:
        return f"fare_leg_rules.txt:{self.line}"


@dataclass(frozen=True, slots=True)
class JoinRule:
    line: int
    from_network_id: str
    to_network_id: str
    from_stop_id: str | None
    to_stop_id: str | None


@dataclass(frozen=True, slots=True)
class TransferRule:
    line: int
    from_leg_group_id: str | None
    to_leg_group_id: str | None
    transfer_count: int | None  # -1 unlimited; None when the groups differ
    duration_limit_s: int | None
    duration_limit_type: int | None  # 0 dep->arr, 1 dep->dep, 2 arr->dep, 3 arr->arr
    fare_transfer_type: int  # 0 A+AB, 1 A+AB+B, 2 AB
    fare_product_id: str | None

    @property
    def ref(self) -> str:
        return f"fare_transfer_rules.txt:{self.line}"


VALIDITY_TYPES = ("operating_day", "from_activation", "from_issue", "calendar_month")
CAP_PERIODS = ("day", "week_rolling", "month_calendar")


@dataclass(frozen=True, slots=True)
class ProductValidity:
    """x_fare_product_validity.txt: the product is a pass valid for a period."""

    fare_product_id: str
    validity_type: str
    duration_days: int | None
    line: int


@dataclass(frozen=True, slots=True)
class CapScope:
    network_id: str | None
    leg_group_id: str | None


@dataclass(frozen=True, slots=True)
class FareCap:
    """x_fare_caps.txt: pay-as-you-go charges in one period never exceed ``amount_minor``."""

    cap_id: str
    name: str
    period: str  # day | week_rolling | month_calendar
    amount_minor: int
    currency: str
    rider_category_id: str | None  # None: every category
    fare_media_id: str | None  # None: every medium
    scopes: tuple[CapScope, ...]  # empty network and leg group in one scope = everything
    line: int

    @property
    def ref(self) -> str:
        return f"x_fare_caps.txt:{self.line}"

    def covers(self, network_id: str | None, leg_group_id: str | None) -> bool:
        for scope in self.scopes:
            if scope.network_id is not None and scope.network_id != network_id:
                continue
            if scope.leg_group_id is not None and scope.leg_group_id != leg_group_id:
                continue
            return True
        return False
