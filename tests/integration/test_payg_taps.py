"""Pay-as-you-go from real taps on both databases: an account ticket, journeys priced on the
server with a daily cap, the policy fare of an incomplete journey re-priced down when its exit
arrives, and rider debt when the wallet is short."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import REPO_ROOT
from ticketing.admission import PriorTap, admit
from ticketing.admission import reasons as r
from ticketing.core.clock import HANOI_TZ, FixedClock
from ticketing.core.errors import Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.devices import Device
from ticketing.db.models.orders import WalletCharge
from ticketing.db.models.taps import Journey, TapException
from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects
from ticketing.service.devices.registry import provision_device
from ticketing.service.devices.snapshot import device_context
from ticketing.service.fare_catalog import activate_version, import_feed
from ticketing.service.ledger.postings import record_wallet_topup, wallet_balance
from ticketing.service.riders.account_ticket import ACCOUNT_PRODUCT_ID, account_ticket, block_for_debt
from ticketing.service.riders.accounts import register_rider
from ticketing.service.riders.payg import list_charges
from ticketing.service.riders.payg_adjust import outstanding_debt, settle_debts
from ticketing.service.riders.trips import list_trips
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps
from ticketing.service.taps.server_view import server_snapshot
from ticketing.service.tickets import FileVault, IssuerKeyRing, is_denied, register_device_key
from ticketing.service.tickets.qr import qr_version
from ticketing.service.tickets.views import IssuedTicket
from ticketing.tickets.phone import PhoneKey

DAY = datetime(2025, 10, 13, tzinfo=HANOI_TZ)  # the day before the test clock's "now"


def phone_jwk() -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.utils import base64url_encode

    numbers = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
    return {
        "kty": "EC", "crv": "P-256",
        "x": base64url_encode(numbers.x.to_bytes(32, "big")).decode(),
        "y": base64url_encode(numbers.y.to_bytes(32, "big")).decode(),
    }


@pytest.fixture(scope="module")
def capped_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Hanoi feed plus a 20.000 ₫ daily cap on bus route 18 (test data, not Hanoi policy)."""
    folder = tmp_path_factory.mktemp("payg-feed") / "hanoi"
    shutil.copytree(REPO_ROOT / "data/gtfs/hanoi", folder)
    (folder / "x_fare_caps.txt").write_text(
        "cap_id,cap_name,network_id,period,amount,currency\n"
        "bus18_day,Bus 18 day cap,net_bus_18,day,20000,VND\n"
    )
    return folder


class Network:
    """Readers on bus 18 and at two metro 2A stations, uploading real taps of real tickets."""

    def __init__(self, session: AsyncSession, clock: FixedClock, keyring: IssuerKeyRing) -> None:
        self.session, self.clock, self.keyring = session, clock, keyring
        self.sources, self.effects = ServiceSnapshotSources(clock), ServiceTapEffects()
        self.devices: dict[str, Device] = {}
        self.phones: dict[str, PhoneKey] = {}
        self.seq = 0

    async def setup(self, folder: Path) -> None:
        info = await import_feed(self.session, self.clock, source=folder, imported_by="test")
        await activate_version(self.session, self.clock, version_id=info.version_id,
                               effective_from=self.clock.now() - timedelta(days=30), activated_by="test")
        now = self.clock.now()
        self.clock.set(DAY - timedelta(days=2))  # readers are in place before the taps they take
        await provision_device(self.session, self.clock, device_id="bus-18", operator_id="HN_BUS",
                               vehicle_id="29B-018", route_id="BUS_18")
        for device_id, stop_id in (("gate-cl", "M2A_01"), ("gate-lt", "M2A_02"), ("gate-ha", "M2A_03")):
            await provision_device(self.session, self.clock, device_id=device_id,
                                   operator_id="HANOI_METRO", stop_id=stop_id)
        self.clock.set(now)
        for device_id in ("bus-18", "gate-cl", "gate-lt", "gate-ha"):
            device = await self.session.get(Device, device_id)
            assert device is not None
            self.devices[device_id] = device

    async def rider(self, email: str, topup: int) -> tuple[str, IssuedTicket]:
        rider = await register_rider(self.session, self.clock, email=email, phone=None, password="mat-khau-1")
        phone = PhoneKey.generate()
        await register_device_key(self.session, self.clock, device_key_id=f"phone-{email}",
                                  holder_id=rider.rider_id, public_jwk=phone.public_jwk())
        if topup:
            await self.topup(rider.rider_id, topup)
        now = self.clock.now()
        self.clock.set(DAY - timedelta(days=1))  # the account ticket exists before the test's rides
        # These tests are about debts, so the issuance minimum is off (min_balance_minor=0).
        ticket = await account_ticket(self.session, self.clock, self.keyring, rider_id=rider.rider_id,
                                      device_key_id=f"phone-{email}", min_balance_minor=0)
        self.clock.set(now)
        self.phones[ticket.ticket_id] = phone
        return rider.rider_id, ticket

    async def topup(self, rider_id: str, amount: int) -> None:
        await record_wallet_topup(self.session, self.clock, topup_id=new_ulid(self.clock.now()),
                                  provider="sandbox", rider_id=rider_id, amount_minor=amount, currency="VND")

    async def tap(self, device_id: str, ticket: IssuedTicket, at: datetime, direction: str = "in",
                  *, shown: str | None = None) -> None:
        """A reader's accepted tap of what the phone showed at ``at`` (or of ``shown``)."""
        self.seq += 1
        code = shown if shown is not None else self.phones[ticket.ticket_id].present(ticket.code, at)
        tap = TapIn(new_ulid(at), self.seq, at, direction, self.devices[device_id].stop_id,
                    self.devices[device_id].route_id, self.devices[device_id].vehicle_id, ticket.ticket_id,
                    ticket.fare_product_id, ticket.kind, True, "accepted", (), 0, code)
        await ingest_batch(self.session, self.clock, self.devices[device_id], [tap])

    async def process(self) -> None:
        await process_pending_taps(self.session, self.clock, self.sources, self.effects)

    async def charges(self, rider_id: str) -> list[int]:
        return [c.charged_minor for c in reversed(await list_charges(self.session, rider_id))]


@pytest.fixture
async def net(session: AsyncSession, clock: FixedClock, tmp_path: Path, capped_folder: Path) -> Network:
    network = Network(session, clock, IssuerKeyRing(FileVault(tmp_path / "keys"), auto_create=True))
    await network.setup(capped_folder)
    return network


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


async def test_account_ticket_is_device_bound_and_idempotent(net: Network, session: AsyncSession) -> None:
    rider_id, ticket = await net.rider("acct@example.vn", 0)
    assert (ticket.fare_product_id, ticket.kind, ticket.rides_allowed) == (ACCOUNT_PRODUCT_ID, "pass", None)
    assert ticket.device_key_id == "phone-acct@example.vn"
    assert ticket.amount_minor == 0
    again = await account_ticket(session, net.clock, net.keyring, rider_id=rider_id,
                                 device_key_id="phone-acct@example.vn", min_balance_minor=0)
    assert again.ticket_id == ticket.ticket_id


async def test_taps_are_charged_with_a_daily_cap_and_explained(net: Network, session: AsyncSession) -> None:
    rider_id, ticket = await net.rider("cap@example.vn", 100000)
    for hour in (7, 9, 12, 17):  # four bus 18 journeys: 8.000 + 8.000 + 4.000 (cap) + 0
        await net.tap("bus-18", ticket, at(hour))
        await net.tap("bus-18", ticket, at(hour, 25), "out")
    await net.tap("gate-cl", ticket, at(14))  # metro Cát Linh → Thái Hà (2 stations on)
    await net.tap("gate-ha", ticket, at(14, 12), "out")
    await net.process()
    await net.process()  # idempotent: nothing charged twice
    charges = await list_charges(session, rider_id)
    by_time = sorted(charges, key=lambda c: c.travelled_at)
    assert [c.charged_minor for c in by_time] == [8000, 8000, 4000, 9598, 0]
    assert by_time[2].cap_ids == ("bus18_day",)
    assert all(c.explanation_en and c.explanation_vi and c.status == "paid" for c in charges)
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 100000 - 29598
    trips, _ = await list_trips(session, rider_id)
    assert sorted(t.charged_minor for t in trips) == [0, 4000, 8000, 8000, 9598]
    assert all(t.explanation_en for t in trips)


async def test_incomplete_journey_pays_the_policy_fare_then_is_repriced_down(
    net: Network, session: AsyncSession
) -> None:
    rider_id, ticket = await net.rider("late@example.vn", 50000)
    await net.tap("gate-cl", ticket, at(8))
    await net.process()  # entry more than the policy time ago, no exit yet: the policy fare
    [charge] = await list_charges(session, rider_id)
    assert charge.incomplete
    assert charge.charged_minor == 18625
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 50000 - 18625
    await net.tap("gate-lt", ticket, at(8, 6), "out")  # the exit syncs late: one station on
    await net.process()
    await net.process()
    [charge] = await list_charges(session, rider_id)
    assert (charge.incomplete, charge.charged_minor) == (False, 8595)
    assert any("→" in line for line in charge.explanation_en)
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 50000 - 8595
    journey = await session.scalar(sa.select(Journey).where(Journey.ticket_id == ticket.ticket_id))
    assert journey is not None
    assert journey.complete


async def test_a_reader_cannot_invent_journeys_for_an_account(
    net: Network, session: AsyncSession
) -> None:
    """Taps of the account ticket without the phone's proof for that moment charge nothing."""
    rider_id, ticket = await net.rider("forged@example.vn", 50000)
    phone = net.phones[ticket.ticket_id]
    # The bare ticket code (a reader that saw it once), and a proof from another time replayed.
    await net.tap("bus-18", ticket, at(7), shown=ticket.code)
    await net.tap("bus-18", ticket, at(7, 25), "out", shown=ticket.code)
    await net.tap("bus-18", ticket, at(9), shown=phone.present(ticket.code, at(7)))
    await net.tap("bus-18", ticket, at(9, 25), "out", shown=phone.present(ticket.code, at(7, 25)))
    await net.process()
    assert await list_charges(session, rider_id) == []
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 50000
    assert await session.scalar(sa.select(sa.func.count()).select_from(Journey)) == 0
    details = (await session.scalars(sa.select(TapException.detail).where(
        TapException.kind == "unverifiable_tap").order_by(TapException.tap_id))).all()
    assert len(details) == 4
    assert all("proof_required" in d for d in details[:2]), details
    assert all("proof_stale" in d for d in details[2:]), details
    assert not await is_denied(session, ticket.ticket_id)


async def test_short_wallet_keeps_the_ride_as_debt_and_blocks_the_ticket(
    net: Network, session: AsyncSession
) -> None:
    rider_id, ticket = await net.rider("short@example.vn", 5000)
    await net.tap("bus-18", ticket, at(7))
    await net.tap("bus-18", ticket, at(7, 20), "out")
    await net.process()
    [charge] = await list_charges(session, rider_id)
    assert (charge.status, charge.charged_minor) == ("owed", 8000)
    assert await outstanding_debt(session, rider_id) == 8000
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 5000
    assert await is_denied(session, ticket.ticket_id)
    with pytest.raises(Rejected) as refused:
        await account_ticket(session, net.clock, net.keyring, rider_id=rider_id,
                             device_key_id="phone-short@example.vn", min_balance_minor=0)
    assert refused.value.code == "payg_debt_outstanding"
    await net.topup(rider_id, 10000)
    assert await settle_debts(session, net.clock, rider_id) == 0
    assert await settle_debts(session, net.clock, rider_id) == 0
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 7000
    status = await session.scalar(sa.select(WalletCharge.status).where(WalletCharge.rider_id == rider_id))
    assert status == "paid"
    fresh = await account_ticket(session, net.clock, net.keyring, rider_id=rider_id,
                                 device_key_id="phone-short@example.vn", min_balance_minor=0)
    assert fresh.ticket_id != ticket.ticket_id
    assert not await is_denied(session, fresh.ticket_id)


class Journal:
    def __init__(self) -> None:
        self.taps: list[PriorTap] = []

    def accepted_taps(self, ticket_id: str) -> list[PriorTap]:
        return self.taps


async def test_readers_admit_the_account_ticket_like_a_multi_ride_ticket(
    net: Network, session: AsyncSession
) -> None:
    """Real reader admission: the phone's presentation is admitted on a bus and at a gate, passback
    applies, a screenshot without the phone's proof is refused, a blocked account is refused."""
    rider = await register_rider(
        session, net.clock, email="reader@example.vn", phone=None, password="mat-khau-1"
    )
    phone = PhoneKey.generate()
    await register_device_key(session, net.clock, device_key_id="phone-reader", holder_id=rider.rider_id,
                              public_jwk=phone.public_jwk())
    ticket = await account_ticket(session, net.clock, net.keyring, rider_id=rider.rider_id,
                                  device_key_id="phone-reader", min_balance_minor=0)
    now = net.clock.now()
    shown = phone.present(ticket.code, now)
    assert qr_version(shown) <= 14
    snapshot = await server_snapshot(session, net.clock, net.sources, net.effects)
    journal = Journal()
    bus, gate = device_context(net.devices["bus-18"]), device_context(net.devices["gate-cl"])
    boarded = admit(shown, now, bus, snapshot, journal)
    assert boarded.accepted
    assert (boarded.fare_product_id, boarded.ticket_kind) == (ACCOUNT_PRODUCT_ID, "pass")
    journal.taps.append(PriorTap("t1", now, "in", "bus-18", None, "29B-018"))
    again = admit(phone.present(ticket.code, now + timedelta(seconds=20)), now + timedelta(seconds=20), bus,
                  snapshot, journal)
    assert again.reason == r.PASSBACK
    later = now + timedelta(hours=1)
    assert admit(phone.present(ticket.code, later), later, gate, snapshot, journal).accepted
    assert not admit(ticket.code, later, gate, snapshot, journal).accepted  # a screenshot of the code
    await block_for_debt(session, net.clock, rider.rider_id)
    blocked = await server_snapshot(session, net.clock, net.sources, net.effects)
    refused = admit(phone.present(ticket.code, later), later, gate, blocked, journal)
    assert refused.reason == r.REVOKED


async def test_a_recent_entry_waits_and_an_owed_policy_fare_is_lowered_without_a_refund(
    net: Network, session: AsyncSession
) -> None:
    rider_id, ticket = await net.rider("owed@example.vn", 0)
    recent = net.clock.now() - timedelta(hours=1)
    await net.tap("gate-cl", ticket, recent)
    await net.process()
    assert await list_charges(session, rider_id) == []  # within the policy time: not charged yet
    net.clock.advance(timedelta(hours=4))
    await net.process()
    [charge] = await list_charges(session, rider_id)
    assert (charge.status, charge.incomplete, charge.charged_minor) == ("owed", True, 18625)
    await net.tap("gate-lt", ticket, recent + timedelta(minutes=5), "out")
    await net.process()
    [charge] = await list_charges(session, rider_id)
    assert (charge.status, charge.incomplete, charge.charged_minor) == ("owed", False, 8595)
    assert await outstanding_debt(session, rider_id) == 8595
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 0


async def test_debts_are_paid_oldest_first_while_the_wallet_covers_them(
    net: Network, session: AsyncSession
) -> None:
    rider_id, ticket = await net.rider("twice@example.vn", 0)
    for hour in (7, 9):
        await net.tap("bus-18", ticket, at(hour))
        await net.tap("bus-18", ticket, at(hour, 20), "out")
    await net.process()
    assert await outstanding_debt(session, rider_id) == 16000
    await net.topup(rider_id, 10000)
    assert await settle_debts(session, net.clock, rider_id) == 8000
    owed = await list_charges(session, rider_id)
    assert [c.status for c in owed] == ["owed", "paid"]  # newest first: the 07:00 ride was paid
    assert await wallet_balance(session, rider_id=rider_id, currency="VND") == 2000
