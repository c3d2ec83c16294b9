"""One of everything for each operator: a reader, a settled statement, a tap exception and a
counter-sold ticket — made through the services where one exists, rows otherwise."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from ticketing.db.models.ledger import SettlementStatement
from ticketing.db.models.taps import Tap, TapException
from ticketing.ledger.statement import StatementLine, build_statement
from ticketing.runtime import Runtime
from ticketing.service.devices.registry import provision_device
from ticketing.service.tickets.counter import counter_sale

PRODUCTS = {"HN_BUS": ("bus_single_8000", None), "HANOI_METRO": ("m2a_single_h02", "cash_metro")}
DAY = date(2025, 10, 13)


@dataclass(frozen=True)
class Owned:
    device_id: str
    statement_path: str
    content_hash: str
    exception_id: str
    ticket_id: str


async def make_operator_data(runtime: Runtime, operator_id: str, tag: str) -> Owned:
    now = runtime.clock.now()
    async with runtime.unit_of_work() as uow:
        s = uow.session
        device = await provision_device(s, runtime.clock, device_id=f"{tag}-gate-1", operator_id=operator_id,
                                         stop_id=f"{tag}-stop")
        product, media = PRODUCTS[operator_id]
        ticket = await counter_sale(
            s, runtime.clock, runtime.issuer_keys, ticket_id=None, fare_product_id=product,
            rider_category_id="pho_thong", fare_media_id=media, valid_from=None, actor="staff:test",
            operator_id=operator_id)
        statement = build_statement(
            operator_id=operator_id, service_date=DAY, currency="VND", rides=2,
            lines=[StatementLine(f"t-{tag}-1", "ride", ticket.ticket_id, None, 7000)],
            clearing_fee_bps=100, settlement_transfer_ids=[])
        s.add(SettlementStatement(
            operator_id=operator_id, service_date=DAY, currency="VND",
            net_owed_minor=statement.net_owed_minor,
            content_json=json.dumps(statement.document), content_csv=statement.csv_text,
            content_hash=statement.content_hash, created_at=now))
        for seq in (1, 2):
            s.add(Tap(
                tap_id=f"{tag}-tap-{seq}", device_id=device.device_id, sequence=seq,
                operator_id=operator_id, scanned_at=now - timedelta(minutes=30 - seq),
                received_at=now - timedelta(minutes=5), direction="in", stop_id=f"{tag}-stop", route_id=None,
                vehicle_id=None, ticket_id=ticket.ticket_id, fare_product_id=product, ticket_kind="single",
                accepted=True, reason="ok", flags="", snapshot_version=1, code=None, processed_at=now))
        exception_id = f"{tag}-exception-1"
        s.add(TapException(
            exception_id=exception_id, kind="double_use", tap_id=f"{tag}-tap-2",
            other_tap_id=f"{tag}-tap-1", ticket_id=ticket.ticket_id, operator_id=operator_id,
            device_id=device.device_id, detail="used twice", detected_at=now, denylisted=False))
        await s.flush()
    return Owned(device.device_id, f"/console/settlement/{operator_id}/{DAY.isoformat()}/VND",
                 statement.content_hash, exception_id, ticket.ticket_id)
