"""Loading the schedule skeleton: agency, routes, stops, networks and service calendars."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ticketing.fares.fields import Fields, check_unique, require_columns
from ticketing.fares.model import Agency, Route, ServiceCalendar, Stop
from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import FeedFiles, Table, parse_table

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class BaseParts:
    agencies: dict[str, Agency]
    timezone: ZoneInfo
    routes: dict[str, Route]
    stops: dict[str, Stop]
    networks: dict[str, str]
    services: dict[str, ServiceCalendar]


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def required_table(files: FeedFiles, name: str, sink: ProblemSink) -> Table:
    table = parse_table(files, name, sink)
    if not table.present:
        sink.error(name, 0, "*", "required file is missing")
    return table


def load_agencies(files: FeedFiles, sink: ProblemSink) -> tuple[dict[str, Agency], ZoneInfo]:
    table = required_table(files, "agency.txt", sink)
    agencies: dict[str, Agency] = {}
    zones: set[str] = set()
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "agency_name", "agency_timezone")
    for row in table:
        f = Fields(sink, table, row)
        agency_id = f.req("agency_id") if len(table.rows) > 1 else (f.opt("agency_id") or "")
        name = f.req("agency_name") or ""
        tz = f.req("agency_timezone")
        if tz is not None and not valid_zone(tz):
            f.error("agency_timezone", f"unknown timezone {tz!r}")
            tz = None
        if tz is not None:
            zones.add(tz)
            if len(zones) > 1:
                f.error("agency_timezone", "all agencies must share one timezone")
        if agency_id is None or not check_unique(seen, agency_id, f, "agency_id"):
            continue
        agencies[agency_id] = Agency(agency_id, name, tz or "UTC")
    zone = ZoneInfo(sorted(zones)[0]) if zones else ZoneInfo("UTC")
    return agencies, zone


def load_networks(
    files: FeedFiles, sink: ProblemSink, routes_table: Table, routes: dict[str, Route]
) -> dict[str, str]:
    """Networks either from routes.network_id or from networks.txt + route_networks.txt."""
    networks_table = parse_table(files, "networks.txt", sink)
    route_networks = parse_table(files, "route_networks.txt", sink)
    networks: dict[str, str] = {}
    if routes_table.has("network_id"):
        for name, table in (("networks.txt", networks_table), ("route_networks.txt", route_networks)):
            if table.present:
                sink.error(
                    "routes.txt",
                    1,
                    "network_id",
                    f"routes.network_id is forbidden when {name} exists (use one way to name networks)",
                )
        for route in routes.values():
            if route.network_id is not None:
                networks.setdefault(route.network_id, "")
    seen: dict[object, int] = {}
    if networks_table.present:
        require_columns(sink, networks_table, "network_id")
    for row in networks_table:
        f = Fields(sink, networks_table, row)
        network_id = f.req("network_id")
        if network_id is not None and check_unique(seen, network_id, f, "network_id"):
            networks[network_id] = f.opt("network_name") or ""
    seen = {}
    if route_networks.present:
        require_columns(sink, route_networks, "network_id", "route_id")
    for row in route_networks:
        f = Fields(sink, route_networks, row)
        network_id = f.ref("network_id", networks, "network", required=True)
        route_id = f.ref("route_id", routes, "route", required=True)
        if route_id is None or not check_unique(seen, route_id, f, "route_id"):
            continue
        if network_id is not None:
            old = routes[route_id]
            routes[route_id] = replace(old, network_id=network_id)
    return networks


def _route_type(text: str | None) -> int | None:
    """Only used to name products (bus, metro, ...): an odd value is left unknown, not an error."""
    return int(text) if text is not None and text.isdigit() and len(text) < 5 else None


def load_routes(
    files: FeedFiles, sink: ProblemSink, agencies: dict[str, Agency]
) -> tuple[Table, dict[str, Route]]:
    table = required_table(files, "routes.txt", sink)
    routes: dict[str, Route] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "route_id")
    only_agency = next(iter(agencies)) if len(agencies) == 1 else None
    for row in table:
        f = Fields(sink, table, row)
        route_id = f.req("route_id")
        agency_id = f.opt("agency_id")
        if agency_id is None:
            if only_agency is None:
                f.error("agency_id", "required when the feed has several agencies")
                continue
            agency_id = only_agency
        elif agency_id not in agencies:
            f.error("agency_id", f"unknown agency {agency_id!r}")
            continue
        if route_id is None or not check_unique(seen, route_id, f, "route_id"):
            continue
        routes[route_id] = Route(
            route_id,
            agency_id,
            f.opt("network_id"),
            f.opt("route_short_name") or "",
            f.opt("route_long_name") or "",
            _route_type(f.opt("route_type")),
        )
    return table, routes


def load_stops(files: FeedFiles, sink: ProblemSink) -> dict[str, Stop]:
    table = required_table(files, "stops.txt", sink)
    stops: dict[str, Stop] = {}
    seen: dict[object, int] = {}
    if table.present:
        require_columns(sink, table, "stop_id")
    parents: list[tuple[Fields, str]] = []
    for row in table:
        f = Fields(sink, table, row)
        stop_id = f.req("stop_id")
        location_type = f.integer("location_type", allowed=range(5)) or 0
        tz = f.opt("stop_timezone")
        if tz is not None and not valid_zone(tz):
            f.error("stop_timezone", f"unknown timezone {tz!r}")
            tz = None
        parent = f.opt("parent_station")
        if stop_id is None or not check_unique(seen, stop_id, f, "stop_id"):
            continue
        if parent is not None:
            parents.append((f, parent))
        stops[stop_id] = Stop(stop_id, f.opt("stop_name") or "", location_type, parent, tz)
    for f, parent in parents:
        if parent not in stops:
            f.error("parent_station", f"unknown stop {parent!r}")
    return stops


def load_services(files: FeedFiles, sink: ProblemSink) -> dict[str, ServiceCalendar]:
    calendar = parse_table(files, "calendar.txt", sink)
    dates = parse_table(files, "calendar_dates.txt", sink)
    base: dict[str, tuple[tuple[bool, ...], date | None, date | None]] = {}
    seen: dict[object, int] = {}
    if calendar.present:
        require_columns(sink, calendar, "service_id", *WEEKDAYS, "start_date", "end_date")
    for row in calendar:
        f = Fields(sink, calendar, row)
        service_id = f.req("service_id")
        flags = tuple(bool(f.integer(d, required=True, allowed=(0, 1))) for d in WEEKDAYS)
        start, end = f.day("start_date"), f.day("end_date")
        if start is not None and end is not None and end < start:
            f.error("end_date", "end_date is before start_date")
        if service_id is not None and check_unique(seen, service_id, f, "service_id"):
            base[service_id] = (flags, start, end)
    added: dict[str, set[date]] = {}
    removed: dict[str, set[date]] = {}
    seen = {}
    if dates.present:
        require_columns(sink, dates, "service_id", "date", "exception_type")
    for row in dates:
        f = Fields(sink, dates, row)
        service_id = f.req("service_id")
        day = f.day("date")
        kind = f.integer("exception_type", required=True, allowed=(1, 2))
        if service_id is None or day is None or kind is None:
            continue
        if not check_unique(seen, (service_id, day.isoformat()), f, "date"):
            continue
        (added if kind == 1 else removed).setdefault(service_id, set()).add(day)
    services: dict[str, ServiceCalendar] = {}
    for service_id in set(base) | set(added) | set(removed):
        flags, start, end = base.get(service_id, ((False,) * 7, None, None))
        services[service_id] = ServiceCalendar(
            service_id,
            flags,
            start,
            end,
            frozenset(added.get(service_id, ())),
            frozenset(removed.get(service_id, ())),
        )
    return services


def load_base(files: FeedFiles, sink: ProblemSink) -> BaseParts:
    agencies, zone = load_agencies(files, sink)
    routes_table, routes = load_routes(files, sink, agencies)
    stops = load_stops(files, sink)
    networks = load_networks(files, sink, routes_table, routes)
    services = load_services(files, sink)
    return BaseParts(agencies, zone, routes, stops, networks, services)
