"""The evidence rule and poison isolation in tap processing, on both databases.

A reader's word is not money: an accepted tap without the exact code, at a place that is not the
device's registration, with a forged code or naming another ticket is kept, raises
``unverifiable_tap`` and has no effect. Implausible taps are stored quarantined; a tap whose
processing raises is quarantined alone and the taps behind it are processed; re-queued taps run
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tests.unit.admission.issuer import Issuer, forged
from tests.unit.admission.ports import RecordingEffects, StaticSources
from ticketing.core.clock import Clock, FixedClock
from ticketing.core.ids import new_ulid
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Tap, TapException
from ticketing.service.devices.registry import provision_device
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.gaps import fleet_status
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps
from ticketing.service.taps.quarantine import list_quarantined, requeue


@dataclass
class PoisonEffects(RecordingEffects):
    """The tickets port failing for one ticket, as a bug or a bad row would make it."""

    poison: str = ""

    async def mark_used(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime, tap_id: str
    ) -> bool:
        if ticket_id == self.poison:
            raise OverflowError("date value out of range")
        return await super().mark_used(session, clock, ticket_id=ticket_id, at=at, tap_id=tap_id)


class Readers:
    def __init__(self, session: AsyncSession, clock: FixedClock) -> None:
        self.session, self.clock, self.issuer = session, clock, Issuer()
        self.sources = StaticSources(self.issuer.jwks())
        self.effects = PoisonEffects(self.sources)
        self.seq: dict[str, int] = {}

    async def device(self, device_id: str, vehicle_id: str) -> Device:
        await provision_device(self.session, self.clock, device_id=device_id, operator_id="HN_BUS",
                               vehicle_id=vehicle_id, route_id="BUS_18")
        found = await self.session.get(Device, device_id)
        assert found is not None
        return found

    def ticket(self) -> tuple[str, str]:
        return self.issuer.issue(valid_from=self.clock.now() - timedelta(hours=1))

    async def upload(self, device: Device, code: str | None, ticket_id: str | None, at: datetime,
                     *, vehicle_id: str | None = None, accepted: bool = True) -> str:
        seq = self.seq.get(device.device_id, 0) + 1
        self.seq[device.device_id] = seq
        tap = TapIn(new_ulid(min(max(at, datetime(1970, 1, 2, tzinfo=UTC)),
                                 datetime(9000, 1, 1, tzinfo=UTC))),
                    seq, at, "in", None, "BUS_18", vehicle_id or device.vehicle_id, ticket_id,
                    "bus_single", "single", accepted, "accepted" if accepted else "malformed", (), 0,
                    code)
        await ingest_batch(self.session, self.clock, device, [tap])
        return tap.tap_id

    async def process(self) -> None:
        await process_pending_taps(self.session, self.clock, self.sources, self.effects)

    async def unverifiable(self) -> dict[str, str]:
        rows = await self.session.execute(
            sa.select(TapException.tap_id, TapException.detail)
            .where(TapException.kind == "unverifiable_tap"))
        return {t: d for t, d in rows.all()}


@pytest.fixture
def readers(session: AsyncSession, clock: FixedClock) -> Readers:
    return Readers(session, clock)


async def test_forged_accepted_taps_have_no_effect(readers: Readers, clock: FixedClock) -> None:
    bus = await readers.device("bus-1", "29B-001")
    await readers.device("bus-2", "29B-002")
    at = clock.now() - timedelta(minutes=10)
    no_code_ticket, _ = readers.ticket()
    elsewhere_ticket, elsewhere_code = readers.ticket()
    forged_ticket, forged_source = readers.ticket()
    other_ticket, _ = readers.ticket()
    _, someone_elses_code = readers.ticket()
    no_code = await readers.upload(bus, None, no_code_ticket, at)
    empty = await readers.upload(bus, "", other_ticket, at)
    elsewhere = await readers.upload(bus, elsewhere_code, elsewhere_ticket, at, vehicle_id="29B-002")
    forgery = await readers.upload(bus, forged(forged_source), forged_ticket, at)
    swapped = await readers.upload(bus, someone_elses_code, other_ticket, at)
    await readers.process()
    found = await readers.unverifiable()
    assert set(found) == {no_code, empty, elsewhere, forgery, swapped}
    assert "without the presented code" in found[no_code]
    assert "vehicle_id '29B-002' is not the device's registration" in found[elsewhere]
    assert "bad_signature" in found[forgery]
    assert "the tap names ticket" in found[swapped]
    assert readers.effects.used == {}
    assert readers.effects.rides == {}
    [health] = await fleet_status(readers.session, operator_id=None, limit=10, after=None,
                                  device_id="bus-1")
    assert (health.unverifiable_taps, health.quarantined_taps, health.unprocessed_taps) == (5, 0, 0)


async def test_a_genuine_tap_is_applied_once(readers: Readers, clock: FixedClock) -> None:
    bus = await readers.device("bus-1", "29B-001")
    ticket_id, code = readers.ticket()
    tap_id = await readers.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=5))
    await readers.process()
    await readers.process()
    assert readers.effects.used == {ticket_id: tap_id}
    assert readers.effects.rides == {tap_id: (ticket_id, "single", "HN_BUS")}
    assert await readers.unverifiable() == {}


@pytest.mark.parametrize("scanned_at", [datetime(1969, 12, 31, 23, 0, tzinfo=UTC),
                                        datetime(9999, 12, 31, 0, 0, tzinfo=UTC)])
async def test_implausible_tap_is_quarantined_and_a_genuine_one_behind_it_processed(
    readers: Readers, clock: FixedClock, scanned_at: datetime
) -> None:
    bus = await readers.device("bus-1", "29B-001")
    bad_ticket, bad_code = readers.ticket()
    ticket_id, code = readers.ticket()
    poison = await readers.upload(bus, bad_code, bad_ticket, scanned_at)
    genuine = await readers.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=5))
    await readers.process()
    assert readers.effects.used == {ticket_id: genuine}
    [held] = await list_quarantined(readers.session, operator_id=None, device_id=None, limit=10,
                                    after=None)
    assert held.tap_id == poison
    assert held.quarantine_reason is not None
    assert held.quarantine_reason.startswith("implausible")
    # Re-queued while still implausible: quarantined again, never applied, nothing raised.
    assert await requeue(readers.session, operator_id=None, device_id="bus-1") == [poison]
    await readers.process()
    assert [t.tap_id for t in await list_quarantined(readers.session, operator_id=None,
                                                     device_id=None, limit=10, after=None)] == [poison]
    assert bad_ticket not in readers.effects.used


async def test_a_tap_whose_processing_raises_is_quarantined_alone_and_requeued_after_a_fix(
    readers: Readers, clock: FixedClock
) -> None:
    bus = await readers.device("bus-1", "29B-001")
    poison_ticket, poison_code = readers.ticket()
    ticket_id, code = readers.ticket()
    readers.effects.poison = poison_ticket
    first = await readers.upload(bus, poison_code, poison_ticket, clock.now() - timedelta(minutes=9))
    behind = await readers.upload(bus, code, ticket_id, clock.now() - timedelta(minutes=8))
    await readers.process()
    assert readers.effects.used == {ticket_id: behind}  # the poison tap's savepoint rolled back
    tap = await readers.session.get(Tap, first, populate_existing=True)
    assert tap is not None
    assert tap.processed_at is None
    assert tap.quarantine_reason == "processing raised OverflowError: date value out of range"
    [health] = await fleet_status(readers.session, operator_id=None, limit=10, after=None)
    assert (health.quarantined_taps, health.unprocessed_taps) == (1, 0)
    readers.effects.poison = ""  # the fix
    assert await requeue(readers.session, operator_id="HN_BUS", tap_ids=[first]) == [first]
    await readers.process()
    assert readers.effects.used == {ticket_id: behind, poison_ticket: first}
    assert await list_quarantined(readers.session, operator_id=None, device_id=None, limit=10,
                                  after=None) == []
