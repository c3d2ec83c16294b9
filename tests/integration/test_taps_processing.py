"""Server tap processing on both databases: decisions kept, double use, revoked taps, impossible
journeys, journeys from entries and exits in any sync order."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tests.unit.admission.issuer import Issuer
from tests.unit.admission.ports import RecordingEffects, StaticSources
from ticketing.core.clock import FixedClock
from ticketing.core.ids import new_ulid
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Journey, Tap, TapException
from ticketing.service.devices.registry import provision_device
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps


class Fleet:
    def __init__(self, session: AsyncSession, clock: FixedClock, issuer: Issuer) -> None:
        self.session, self.clock, self.issuer = session, clock, issuer
        self.sources = StaticSources(issuer.jwks())
        self.effects = RecordingEffects(self.sources)
        self.seq: dict[str, int] = {}

    async def device(self, device_id: str, **where: str) -> Device:
        operator = "HN_BUS" if "vehicle_id" in where else "HANOI_METRO"
        await provision_device(self.session, self.clock, device_id=device_id, operator_id=operator, **where)
        found = await self.session.get(Device, device_id)
        assert found is not None
        return found

    async def upload(self, device: Device, code: str, ticket_id: str, at: datetime,
                     direction: str = "in", accepted: bool = True, kind: str = "single",
                     product: str | None = None) -> str:
        seq = self.seq.get(device.device_id, 0) + 1
        self.seq[device.device_id] = seq
        tap = TapIn(new_ulid(at), seq, at, direction, device.stop_id, device.route_id,
                    device.vehicle_id, ticket_id, product or "bus_single", kind, accepted,
                    "accepted" if accepted else "revoked", (), 0, code)
        await ingest_batch(self.session, self.clock, device, [tap])
        return tap.tap_id

    async def process(self) -> int:
        result = await process_pending_taps(self.session, self.clock, self.sources, self.effects)
        return result.exceptions

    async def exceptions(self) -> list[tuple[str, str]]:
        rows = await self.session.execute(
            sa.select(TapException.kind, TapException.tap_id).order_by(TapException.exception_id))
        return [(k, t) for k, t in rows.all()]


@pytest.fixture
def fleet(session: AsyncSession, clock: FixedClock) -> Fleet:
    return Fleet(session, clock, Issuer())


@pytest.mark.parametrize("second_syncs_first", [False, True])
async def test_single_accepted_on_two_readers_is_denylisted(
    fleet: Fleet, clock: FixedClock, second_syncs_first: bool
) -> None:
    bus1 = await fleet.device("bus-1", vehicle_id="29B-001")
    bus2 = await fleet.device("bus-2", vehicle_id="29B-002")
    now = clock.now()
    ticket_id, code = fleet.issuer.issue(valid_from=now - timedelta(hours=1))
    first_at, second_at = now - timedelta(minutes=30), now - timedelta(minutes=10)
    if second_syncs_first:
        second = await fleet.upload(bus2, code, ticket_id, second_at)
        await fleet.process()
        await fleet.upload(bus1, code, ticket_id, first_at)
    else:
        await fleet.upload(bus1, code, ticket_id, first_at)
        await fleet.process()
        second = await fleet.upload(bus2, code, ticket_id, second_at)
    await fleet.process()
    assert await fleet.exceptions() == [("double_use", second)]
    assert ticket_id in fleet.sources.denied()
    assert fleet.effects.revoked == [(ticket_id, "double_use")]
    # The readers' decisions stay as they were made.
    accepted = await fleet.session.scalars(sa.select(Tap.accepted).where(Tap.ticket_id == ticket_id))
    assert list(accepted) == [True, True]
    # Processing again finds nothing new.
    assert await fleet.process() == 0


async def test_tap_of_a_revoked_ticket_is_an_exception(fleet: Fleet, clock: FixedClock) -> None:
    bus = await fleet.device("bus-1", vehicle_id="29B-001")
    ticket_id, code = fleet.issuer.issue(valid_from=clock.now() - timedelta(hours=1))
    fleet.sources.deny(ticket_id)
    tap_id = await fleet.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=5))
    await fleet.process()
    assert await fleet.exceptions() == [("revoked_tap", tap_id)]
    assert fleet.effects.revoked == []


async def test_pass_at_two_places_at_once_is_impossible(fleet: Fleet, clock: FixedClock) -> None:
    gate = await fleet.device("gate-1", stop_id="M_CAT_LINH")
    far = await fleet.device("gate-9", stop_id="M_HA_DONG")
    ticket_id, code = fleet.issuer.issue(valid_from=clock.now() - timedelta(days=1), hours=24 * 30,
                                         product="metro_month", rides=None)
    t0 = clock.now() - timedelta(minutes=20)
    await fleet.upload(gate, code, ticket_id, t0, kind="pass", product="metro_month")
    later = await fleet.upload(far, code, ticket_id, t0 + timedelta(seconds=40), kind="pass",
                               product="metro_month")
    await fleet.process()
    assert await fleet.exceptions() == [("impossible_journey", later)]
    assert ticket_id in fleet.sources.denied()
    assert later in fleet.effects.rides
    assert len(fleet.effects.rides) == 2


async def test_metro_journey_completes_whatever_the_sync_order(fleet: Fleet, clock: FixedClock) -> None:
    entry_gate = await fleet.device("gate-1", stop_id="M_CAT_LINH")
    exit_gate = await fleet.device("gate-9", stop_id="M_HA_DONG")
    ticket_id, code = fleet.issuer.issue(valid_from=clock.now() - timedelta(hours=2))
    t0 = clock.now() - timedelta(hours=1)
    exit_id = await fleet.upload(exit_gate, code, ticket_id, t0 + timedelta(minutes=25), "out")
    await fleet.process()
    assert (await fleet.session.scalars(sa.select(Journey))).all() == []
    entry_id = await fleet.upload(entry_gate, code, ticket_id, t0)
    await fleet.process()
    journey = (await fleet.session.scalars(sa.select(Journey))).one()
    assert (journey.in_tap_id, journey.out_tap_id, journey.complete) == (entry_id, exit_id, True)
    assert (journey.from_stop_id, journey.to_stop_id, journey.mode) == ("M_CAT_LINH", "M_HA_DONG", "metro")
    assert fleet.effects.used == {ticket_id: entry_id}
    assert fleet.effects.rides[entry_id] == (ticket_id, "single", "HANOI_METRO")
    assert await fleet.exceptions() == []


async def test_bus_boarding_without_alighting_stays_incomplete(fleet: Fleet, clock: FixedClock) -> None:
    bus = await fleet.device("bus-1", vehicle_id="29B-001")
    ticket_id, code = fleet.issuer.issue(valid_from=clock.now() - timedelta(hours=2))
    board = await fleet.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=50))
    await fleet.process()
    journey = (await fleet.session.scalars(sa.select(Journey))).one()
    assert (journey.in_tap_id, journey.complete, journey.vehicle_id) == (board, False, "29B-001")
    alight = await fleet.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=20), "out")
    await fleet.process()
    await fleet.session.refresh(journey)
    assert (journey.out_tap_id, journey.complete) == (alight, True)


async def test_rejected_taps_are_kept_and_not_processed_into_rides(fleet: Fleet, clock: FixedClock) -> None:
    bus = await fleet.device("bus-1", vehicle_id="29B-001")
    ticket_id, code = fleet.issuer.issue(valid_from=clock.now() - timedelta(hours=1))
    await fleet.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=5), accepted=False)
    await fleet.process()
    assert fleet.effects.rides == {}
    processed = await fleet.session.scalar(sa.select(Tap.processed_at))
    assert processed is not None
