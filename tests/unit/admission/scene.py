"""A small metro and bus scene for the admission tests: fare tables, three devices, a journal of
prior taps and a snapshot made from an issuer's keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tests.unit.admission.issuer import Issuer
from ticketing.admission import DeviceContext, FareTables, PriorTap, ProductRule, Snapshot, StopInfo
from ticketing.admission.ticket_keys import keyring_from_jwks

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
FARES = FareTables(
    version="v1",
    stops={
        "M_CAT_LINH_A": StopInfo("M_CAT_LINH", frozenset({"zone_a"})),
        "M_CAT_LINH_B": StopInfo("M_CAT_LINH", frozenset({"zone_a"})),
        "M_HA_DONG": StopInfo("M_HA_DONG", frozenset({"zone_b"})),
    },
    products={
        "metro_single": ProductRule("single", frozenset({"HANOI_METRO"})),
        "bus_single": ProductRule("single", frozenset({"HN_BUS"})),
        "bus_month": ProductRule("pass", frozenset({"HN_BUS"})),
    },
)
GATE = DeviceContext("gate-1", "HANOI_METRO", "metro", stop_id="M_CAT_LINH_A")
GATE_2 = DeviceContext("gate-2", "HANOI_METRO", "metro", stop_id="M_CAT_LINH_B")
BUS = DeviceContext("bus-1", "HN_BUS", "bus", vehicle_id="29B-001", route_id="BUS_18")


class Journal:
    def __init__(self) -> None:
        self.taps: list[PriorTap] = []

    def accepted_taps(self, ticket_id: str) -> Sequence[PriorTap]:
        return [t for t in self.taps if t.tap_id.startswith(ticket_id)]

    def add(self, ticket_id: str, at: datetime, device: DeviceContext, direction: str = "in") -> None:
        station = FARES.stops[device.stop_id].station_id if device.stop_id else None
        self.taps.append(PriorTap(f"{ticket_id}-{len(self.taps)}", at, "out" if direction == "out" else "in",
                                  device.device_id, station, device.vehicle_id))


def snap(issuer: Issuer, deny: frozenset[str] = frozenset(), taken_at: datetime = NOW) -> Snapshot:
    return Snapshot(3, taken_at, keyring_from_jwks(issuer.jwks()), deny, FARES)
