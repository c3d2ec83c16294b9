"""``vexe demo`` step: a week of past activity, so a fresh console has charts to show and a day
to settle.

For each of the last seven service days a history rider buys single tickets (sandbox payments)
and rides them through two history readers (a bus on route 32, a gate at Cát Linh), each at a
past time on a fixed clock, through the same services the API and readers use: the sale, the
ride and the operator's revenue are booked on that day. Days before yesterday are settled;
yesterday is left for the newcomer to settle in the console. Runs once (the history readers mark
it); skipped unless payments are the sandbox.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ticketing.core.clock import HANOI_TZ, FixedClock, to_local
from ticketing.core.ids import new_ulid
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Tap
from ticketing.db.models.tickets import Ticket
from ticketing.service.devices.registry import provision_device
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.payments.intents import complete_payment
from ticketing.service.riders.accounts import ensure_rider
from ticketing.service.riders.orders import OrderItem
from ticketing.service.riders.purchase import PurchasePorts, start_purchase
from ticketing.service.riders.sandbox import confirm_order_in_sandbox
from ticketing.service.settlement.statements import settle_day
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps

if TYPE_CHECKING:
    from vexe.demo_seed import DemoContext

DAYS = 7
HISTORY_RIDER = "history@demo.vexe.vn"
# operator -> (reader, where it stands, product, fare medium)
READERS: dict[str, tuple[str, dict[str, str], str, str]] = {
    "HN_BUS": ("DEMO-HISTORY-BUS-32", {"vehicle_id": "29B-03232", "route_id": "BUS_32"},
               "bus_single_8000", "tramoc_app"),
    "HANOI_METRO": ("DEMO-HISTORY-M2A-01", {"stop_id": "M2A_01"}, "m2a_single_h02", "hanoi_metro_app"),
}


async def seed_activity(ctx: DemoContext) -> None:
    rt = ctx.runtime
    if (rt.payments is None or rt.payments.name != "sandbox" or rt.issuer_keys is None
            or rt.snapshot_sources is None or rt.tap_effects is None):
        ctx.report["activity"] = {"seeded": False, "reason": "needs sandbox payments and issuer keys"}
        return
    ports = PurchasePorts(payments=rt.payments, keyring=rt.issuer_keys, handlers=rt.payment_handlers)
    async with rt.unit_of_work() as uow:
        if await uow.session.get(Device, READERS["HN_BUS"][0]) is not None:
            ctx.report["activity"] = {"seeded": True, "created": False}
            return
        rider, _ = await ensure_rider(uow.session, rt.clock, email=HISTORY_RIDER,
                                      password=secrets.token_urlsafe(16))
        # The readers exist from before the history starts (a tap older than its reader is
        # implausible and quarantined).
        installed = FixedClock(datetime.combine(to_local(rt.clock.now()).date() - timedelta(days=DAYS + 1),
                                                time(0), tzinfo=HANOI_TZ))
        for operator, (device_id, place, _product, _media) in READERS.items():
            await provision_device(uow.session, installed, device_id=device_id, operator_id=operator,
                                   stop_id=place.get("stop_id"), vehicle_id=place.get("vehicle_id"),
                                   route_id=place.get("route_id"))
    today = to_local(rt.clock.now()).date()
    rides = 0
    for offset in range(DAYS, 0, -1):
        day = today - timedelta(days=offset)
        for number, (operator, (device_id, place, product, media)) in enumerate(READERS.items()):
            for trip in range(2 + (offset + number) % 3):
                sold_at = datetime.combine(day, time(6 + 3 * trip, 10 * number + 5), tzinfo=HANOI_TZ)
                await _ride(ctx, ports, rider.rider_id, device_id, place, product, media, sold_at,
                            f"demo-history:{day}:{operator}:{trip}")
                rides += 1
    settled = 0
    for offset in range(DAYS, 1, -1):
        async with rt.unit_of_work() as uow:
            day = today - timedelta(days=offset)
            settled += len(await settle_day(uow.session, rt.clock, service_date=day))
    ctx.report["activity"] = {"seeded": True, "created": True, "rides": rides, "days_settled": settled,
                              "to_settle": (today - timedelta(days=1)).isoformat()}


async def _ride(
    ctx: DemoContext, ports: PurchasePorts, rider_id: str, device_id: str, place: dict[str, str],
    product: str, media: str, sold_at: datetime, key: str,
) -> None:
    rt = ctx.runtime
    at_sale = FixedClock(sold_at)
    async with rt.unit_of_work() as uow:  # the order and its payment intent, as the rider API does
        feed = await feed_in_force(uow.session, sold_at)
        order = await start_purchase(uow.session, at_sale, ports, feed, rider_id,
                                     [OrderItem(product, "pho_thong", media, 1)], idempotency_key=key)
    await complete_payment(rt.unit_of_work, at_sale, ports.payments, ports.handlers, order.payment_id)
    async with rt.unit_of_work() as uow:
        await confirm_order_in_sandbox(uow.session, at_sale, ports, rider_id, order.order_id)
    scanned_at = sold_at + timedelta(minutes=12)
    async with rt.unit_of_work() as uow:
        ticket = (await uow.session.scalars(sa.select(Ticket).where(
            Ticket.order_id == order.order_id))).one()
        device = await uow.session.get(Device, device_id)
        assert device is not None
        sequence = int(await uow.session.scalar(
            sa.select(sa.func.count()).select_from(Tap).where(Tap.device_id == device_id)) or 0) + 1
        await ingest_batch(uow.session, FixedClock(scanned_at + timedelta(minutes=3)), device, [TapIn(
            tap_id=new_ulid(scanned_at), sequence=sequence, scanned_at=scanned_at, direction="in",
            stop_id=place.get("stop_id"), route_id=place.get("route_id"), vehicle_id=place.get("vehicle_id"),
            ticket_id=ticket.ticket_id, fare_product_id=product, ticket_kind="single", accepted=True,
            reason="accepted", flags=(), snapshot_version=0, code=ticket.code,
        )])
    assert rt.snapshot_sources is not None
    assert rt.tap_effects is not None
    async with rt.unit_of_work() as uow:
        await process_pending_taps(uow.session, FixedClock(scanned_at + timedelta(minutes=4)),
                                   rt.snapshot_sources, rt.tap_effects)
