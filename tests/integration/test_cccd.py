"""CCCD free riders on both databases: registration stores only a keyed hash, the snapshot carries
salted hashes a reader admits with, tap processing checks them and the subsidy report counts them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tests.unit.admission.issuer import Issuer
from tests.unit.admission.ports import RecordingEffects, StaticSources
from ticketing.admission.snapshot_doc import merge
from ticketing.core.clock import FixedClock
from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.db.models.cccd import CccdCard, CccdRide
from ticketing.db.models.devices import Device
from ticketing.ledger.statement import build_statement
from ticketing.service.cccd.registry import register_cccd
from ticketing.service.cccd.snapshot import cccd_list
from ticketing.service.cccd.subsidy import free_ride_counts, free_rides_by_category, subsidy_csv
from ticketing.service.devices.registry import provision_device
from ticketing.service.devices.snapshot import snapshot_delta
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps
from validators.journal import Journal
from validators.reader import Reader
from validators.store import Identity, Store

SECRET = b"test-cccd-secret-0123456789abcdef"
ELDER = "001234567890"
CHILD = "038765432109"
STRANGER = "079999999999"


async def _device(session: AsyncSession, clock: FixedClock) -> Device:
    await provision_device(session, clock, device_id="bus-7", operator_id="HN_BUS", vehicle_id="29B-777")
    device = await session.get(Device, "bus-7")
    assert device is not None
    return device


async def test_registration_keeps_only_a_keyed_hash(session: AsyncSession, clock: FixedClock) -> None:
    first = await register_cccd(
        session, clock, SECRET, number=ELDER, category="nguoi_cao_tuoi", registered_by="reviewer1"
    )
    again = await register_cccd(
        session, clock, SECRET, number="0012 3456 7890", category="nguoi_cao_tuoi", registered_by="reviewer2"
    )
    assert (first.created, again.created, again.registered_by) == (True, False, "reviewer1")
    assert ELDER not in str(first.as_json())
    rows = (await session.scalars(sa.select(CccdCard))).all()
    assert len(rows) == 1
    assert ELDER not in rows[0].number_hash
    assert len(rows[0].number_hash) == 64
    with pytest.raises(InvalidInput) as bad:
        await register_cccd(
            session, clock, SECRET, number="123", category="nguoi_cao_tuoi", registered_by="r"
        )
    assert bad.value.code == "cccd_number_invalid"
    with pytest.raises(InvalidInput) as paying:
        await register_cccd(session, clock, SECRET, number=CHILD, category="pho_thong", registered_by="r")
    assert paying.value.code == "cccd_category_not_free"
    with pytest.raises(Unavailable):
        await register_cccd(session, clock, None, number=CHILD, category="ho_ngheo", registered_by="r")


async def test_salt_rotates_with_the_snapshot_version(session: AsyncSession, clock: FixedClock) -> None:
    await register_cccd(session, clock, SECRET, number=ELDER, category="nguoi_cao_tuoi", registered_by="r")
    v1, v1_again, v2 = [await cccd_list(session, clock, SECRET, v) for v in (1, 1, 2)]
    assert v1 is not None
    assert v1_again is not None
    assert v2 is not None
    assert v1.salt == v1_again.salt
    assert v1.salt != v2.salt
    assert v1.hashes != v2.hashes
    assert len(v1.hashes) == 1
    assert await cccd_list(session, clock, None, 1) is None


async def test_reader_admits_with_the_server_snapshot_and_the_server_counts_the_ride(
    session: AsyncSession, clock: FixedClock, tmp_path: Path
) -> None:
    await register_cccd(session, clock, SECRET, number=ELDER, category="nguoi_cao_tuoi", registered_by="r")
    await register_cccd(session, clock, SECRET, number=CHILD, category="tre_em_duoi_6", registered_by="r")
    device = await _device(session, clock)
    issuer = Issuer()
    sources = StaticSources(issuer.jwks())
    delta = await snapshot_delta(
        session, clock, sources, device, since=0, fares_version=None, cccd_secret=SECRET
    )
    assert delta["cccd"] is not None
    assert ELDER not in str(delta)
    store = Store(tmp_path)
    store.save_identity(Identity("bus-7", "http://127.0.0.1:9"))
    Journal.create(store.journal_path, "bus-7").close()
    store.save_snapshot_doc(merge(None, delta))
    reader = Reader(store, clock)
    now = clock.now()
    elder = reader.scan_cccd(ELDER, now - timedelta(minutes=30))
    child = reader.scan_cccd(CHILD, now - timedelta(minutes=20))
    stranger = reader.scan_cccd(STRANGER, now - timedelta(minutes=10))
    taps = [r.tap for r in (elder, child, stranger)]
    reader.close()
    assert [r.decision.reason for r in (elder, child, stranger)] == ["accepted", "accepted", "not_eligible"]
    # upload what the reader journaled (no number anywhere), then process on the server
    batch = [
        TapIn(
            t.tap_id,
            i + 1,
            t.scanned_at,
            t.direction,
            t.stop_id,
            t.route_id,
            t.vehicle_id,
            t.ticket_id,
            t.fare_product_id,
            t.ticket_kind,
            t.accepted,
            t.reason,
            t.flags,
            t.snapshot_version,
            t.code,
        )
        for i, t in enumerate(taps)
    ]
    assert all(ELDER not in (t.code or "") and CHILD not in (t.code or "") for t in batch)
    await ingest_batch(session, clock, device, batch)
    await process_pending_taps(session, clock, sources, RecordingEffects(sources))
    rides = (await session.scalars(sa.select(CccdRide).order_by(CccdRide.scanned_at))).all()
    assert [(r.rider_category_id, r.verified, r.operator_id) for r in rides] == [
        ("nguoi_cao_tuoi", True, "HN_BUS"),
        ("tre_em_duoi_6", True, "HN_BUS"),
    ]
    day = rides[0].service_day
    assert await free_rides_by_category(session, operator_id="HN_BUS", service_day=day) == {
        "nguoi_cao_tuoi": 1,
        "tre_em_duoi_6": 1,
    }
    counts = await free_ride_counts(session, first_day=day, last_day=day)
    assert subsidy_csv(counts).splitlines() == [
        "service_day,operator_id,rider_category_id,free_rides",
        f"{day.isoformat()},HN_BUS,nguoi_cao_tuoi,1",
        f"{day.isoformat()},HN_BUS,tre_em_duoi_6,1",
    ]
    # processing again changes nothing (idempotent by tap id)
    await process_pending_taps(session, clock, sources, RecordingEffects(sources))
    assert len((await session.scalars(sa.select(CccdRide))).all()) == 2


async def test_forged_or_stale_hash_is_kept_unverified(session: AsyncSession, clock: FixedClock) -> None:
    await register_cccd(session, clock, SECRET, number=ELDER, category="nguoi_cao_tuoi", registered_by="r")
    device = await _device(session, clock)
    at: datetime = clock.now() - timedelta(minutes=5)
    forged = "ab" * 32
    tap = TapIn(
        "01JZ0000000000000000000001",
        1,
        at,
        "in",
        None,
        None,
        device.vehicle_id,
        f"cccd-{forged[:32]}",
        "cccd_free",
        "pass",
        True,
        "accepted",
        (),
        3,
        f"cccd:{forged}",
    )
    await ingest_batch(session, clock, device, [tap])
    sources = StaticSources(Issuer().jwks())
    await process_pending_taps(session, clock, sources, RecordingEffects(sources))
    ride = await session.get(CccdRide, tap.tap_id)
    assert ride is not None
    assert (ride.verified, ride.rider_category_id) == (False, None)
    counts = await free_ride_counts(session, first_day=ride.service_day, last_day=ride.service_day)
    assert [(c.rider_category_id, c.rides) for c in counts] == [("unverified", 1)]


def test_statement_section_and_csv_rows() -> None:
    plain = build_statement(
        operator_id="HN_BUS",
        service_date=date(2026, 7, 1),
        currency="VND",
        rides=0,
        lines=[],
        clearing_fee_bps=0,
        settlement_transfer_ids=[],
    )
    withfree = build_statement(
        operator_id="HN_BUS",
        service_date=date(2026, 7, 1),
        currency="VND",
        rides=0,
        lines=[],
        clearing_fee_bps=0,
        settlement_transfer_ids=[],
        free_rides={"tre_em_duoi_6": 2, "nguoi_cao_tuoi": 5},
    )
    assert "cccd_free_rides" not in plain.document
    assert withfree.document["cccd_free_rides"] == {"nguoi_cao_tuoi": 5, "tre_em_duoi_6": 2}
    assert withfree.csv_text.splitlines()[-2:] == [
        "cccd_free_rides,,nguoi_cao_tuoi,,,5",
        "cccd_free_rides,,tre_em_duoi_6,,,2",
    ]
