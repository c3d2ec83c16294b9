"""Services behind the console, on SQLite and PostgreSQL: sessions, audit log, dashboard figures
(scoped per operator), clock health, staff administration, and the fare feed comparison."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.tickets import encrypted_ring, hanoi_in_force
from ticketing.core.clock import FixedClock
from ticketing.core.errors import Rejected
from ticketing.db.models.taps import Tap
from ticketing.fares.loader import build_feed
from ticketing.fares.source import read_source
from ticketing.service.console.audit import list_audit, record_staff_action
from ticketing.service.console.dashboard import build_dashboard
from ticketing.service.console.fare_diff import diff_feeds
from ticketing.service.console.fleet_clock import clock_health
from ticketing.service.console.sessions import close_all_sessions, close_session, open_session, resume_session
from ticketing.service.console.staff_admin import change_role, set_disabled
from ticketing.service.devices.registry import provision_device
from ticketing.service.staff import create_staff
from ticketing.service.tickets.counter import counter_sale

HANOI = Path(__file__).resolve().parents[2] / "data" / "gtfs" / "hanoi"


async def _staff(session: AsyncSession, clock: FixedClock, name: str, role: str = "admin",
                 operator: str | None = None):  # type: ignore[no-untyped-def]
    return await create_staff(session, clock, username=name, password="correct-horse-battery", role=role,
                              operator_id=operator)


async def test_sessions_expire_close_and_close_everywhere(session: AsyncSession, clock: FixedClock) -> None:
    staff = await _staff(session, clock, "an")
    first = await open_session(session, clock, staff, client_ip="10.0.0.1", user_agent="test", ttl_s=3600)
    second = await open_session(session, clock, staff, client_ip=None, user_agent=None, ttl_s=3600)
    resumed = await resume_session(session, clock, first.token)
    assert resumed is not None
    assert resumed.csrf_token == first.csrf_token
    assert await resume_session(session, clock, "not-a-token") is None
    await close_session(session, clock, first.token)
    assert await resume_session(session, clock, first.token) is None
    assert await resume_session(session, clock, second.token) is not None
    third = await open_session(session, clock, staff, client_ip=None, user_agent=None, ttl_s=3600)
    assert await close_all_sessions(session, clock, staff.staff_id) == 2
    assert await resume_session(session, clock, third.token) is None
    late = await open_session(session, clock, staff, client_ip=None, user_agent=None, ttl_s=60)
    clock.advance(timedelta(seconds=61))
    assert await resume_session(session, clock, late.token) is None


async def test_disabling_an_account_ends_its_sessions_and_admins_keep_their_own(
    session: AsyncSession, clock: FixedClock
) -> None:
    admin = await _staff(session, clock, "quan-tri")
    other = await _staff(session, clock, "binh", role="auditor")
    opened = await open_session(session, clock, other, client_ip=None, user_agent=None)
    await set_disabled(session, clock, other.staff_id, disabled=True, by_staff_id=admin.staff_id)
    assert await resume_session(session, clock, opened.token) is None
    with pytest.raises(Rejected):
        await set_disabled(session, clock, admin.staff_id, disabled=True, by_staff_id=admin.staff_id)
    with pytest.raises(Rejected):
        await change_role(session, clock, admin.staff_id, role="auditor", operator_id=None,
                          by_staff_id=admin.staff_id)
    moved = await change_role(session, clock, other.staff_id, role="operator", operator_id="HN_BUS",
                              by_staff_id=admin.staff_id)
    assert (moved.role, moved.operator_id) == ("operator", "HN_BUS")
    reviewer = await change_role(session, clock, other.staff_id, role="reviewer", operator_id="HN_BUS",
                                 by_staff_id=admin.staff_id)
    assert (reviewer.role, reviewer.operator_id) == ("reviewer", None)


async def test_audit_log_is_newest_first_and_filters_by_staff(
    session: AsyncSession, clock: FixedClock
) -> None:
    for i, who in enumerate(["a", "b", "a"]):
        clock.advance(timedelta(seconds=1))
        await record_staff_action(session, clock, staff_id=f"staff-{who}", username=who, operator_id=None,
                                  channel="api", action=f"act-{i}", method="POST", path="/v1/ops/x",
                                  status=201, client_ip="127.0.0.1", detail="d" * 900)
    rows = await list_audit(session, limit=10)
    assert [r.action for r in rows] == ["act-2", "act-1", "act-0"]
    assert len(rows[0].detail) == 500
    assert [r.action for r in await list_audit(session, limit=10, staff_id="staff-a")] == ["act-2", "act-0"]
    assert [r.action for r in await list_audit(session, limit=10, before=rows[0].id)] == ["act-1", "act-0"]


async def test_dashboard_counts_sales_and_taps_per_operator(
    session: AsyncSession, clock: FixedClock
) -> None:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring(auto_create=True)
    sales = [("bus_single_8000", None), ("bus_single_8000", None), ("m2a_single_h02", "cash_metro")]
    for product, media in sales:
        await counter_sale(session, clock, ring, ticket_id=None, fare_product_id=product,
                           rider_category_id="pho_thong", fare_media_id=media, valid_from=None, actor="t",
                           operator_id=None)
    device = await provision_device(session, clock, device_id="bus-1", operator_id="HN_BUS", vehicle_id="29B")
    now = clock.now()  # 08:00 in Hanoi
    for seq, minutes in enumerate([1, 2, 16]):
        session.add(Tap(tap_id=f"tap-{seq}", device_id=device.device_id, sequence=seq + 1,
                        operator_id="HN_BUS",
                        scanned_at=now + timedelta(minutes=minutes), received_at=now + timedelta(minutes=20),
                        direction="in", stop_id=None, route_id=None, vehicle_id="29B", ticket_id=None,
                        fare_product_id=None, ticket_kind=None, accepted=True, reason="ok", flags="",
                        snapshot_version=1, code=None, processed_at=None))
    await session.flush()
    bus = await build_dashboard(session, clock, operator_id="HN_BUS")
    assert (bus.today_figures.sales_count, bus.today_figures.sales_minor) == (2, 16000)
    today = [(s.fare_product_id, s.fare_media_id, s.count) for s in bus.sales_today]
    assert today == [("bus_single_8000", "-", 2)]
    assert bus.taps_per_quarter[32] == 2  # 08:00–08:15
    assert bus.taps_per_quarter[33] == 1
    assert sum(bus.taps_per_quarter) == 3
    assert len(bus.days) == 30
    assert bus.days[-1].day.isoformat() == "2025-10-14"
    metro = await build_dashboard(session, clock, operator_id="HANOI_METRO")
    assert (metro.today_figures.sales_count, sum(metro.taps_per_quarter)) == (1, 0)
    network = await build_dashboard(session, clock, operator_id=None)
    assert network.today_figures.sales_count == 3
    clock.advance(timedelta(days=1))
    assert (await build_dashboard(session, clock, operator_id=None)).days[-2].sales_count == 3


async def test_clock_health_reports_a_reader_running_ahead(session: AsyncSession, clock: FixedClock) -> None:
    now = clock.now()
    for device, lead_s in [("fast", 90), ("late", -600)]:
        session.add(Tap(tap_id=f"{device}-1", device_id=device, sequence=1, operator_id="HN_BUS",
                        scanned_at=now + timedelta(seconds=lead_s), received_at=now, direction="in",
                        stop_id=None, route_id=None, vehicle_id=None, ticket_id=None, fare_product_id=None,
                        ticket_kind=None, accepted=True, reason="ok", flags="", snapshot_version=1, code=None,
                        processed_at=None))
    await session.flush()
    health = await clock_health(session, ["fast", "late", "silent"], now)
    assert (health["fast"].ahead_s, health["fast"].max_upload_delay_s) == (90, 0)
    assert (health["late"].ahead_s, health["late"].max_upload_delay_s) == (0, 600)
    assert (health["silent"].ahead_s, health["silent"].max_upload_delay_s) == (0, 0)


def test_fare_diff_lists_added_changed_and_removed_prices() -> None:
    files = read_source(HANOI)
    base, _ = build_feed(files)
    prices = files["fare_products.txt"].decode()
    changed = prices.replace(",pho_thong,,8000,VND", ",pho_thong,,9000,VND", 1)
    kept = [line for line in changed.splitlines() if not line.startswith("bus_single_8000,") or
            not line.endswith(",ho_ngheo,,0,VND")]
    candidate, report = build_feed({**files, "fare_products.txt": ("\n".join(kept) + "\n").encode()})
    assert candidate is not None, report.errors[:3]
    diff = diff_feeds(base, candidate, base_version_id="v1")
    changes = {(c.fare_product_id, c.rider_category_id): (c.change, c.old_minor, c.new_minor)
               for c in diff.prices}
    assert changes == {("bus_single_8000", "pho_thong"): ("changed", 8000, 9000),
                       ("bus_single_8000", "ho_ngheo"): ("removed", 0, None)}
    assert (diff.products_added, diff.products_removed) == ([], [])
    assert diff_feeds(base, base, base_version_id="v1").prices == []
    first = diff_feeds(None, base, base_version_id=None)
    assert {c.change for c in first.prices} == {"added"}
