"""Ticket issuance and lifecycle on both databases, against the Hanoi catalogue in force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.tickets import encrypted_ring, file_ring, hanoi_in_force
from ticketing.core.clock import FixedClock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Rejected, Unavailable
from ticketing.service.tickets import (
    IssuerKeyRing,
    denylist_since,
    expire_tickets,
    get_ticket,
    issue_ticket,
    jwks,
    mark_used,
    refund_ticket,
    register_device_key,
    render_qr,
    revoke_ticket,
    ticket_history,
)
from ticketing.tickets import IssuerKeySet, new_ticket_id, verify_presentation
from ticketing.tickets.phone import PhoneKey


async def issue(session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing, **overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "ticket_id": new_ticket_id(),
        "fare_product_id": "bus_single_8000",
        "rider_category_id": "pho_thong",
        "fare_media_id": None,
        "valid_from": None,
        "holder_id": None,
        "order_id": None,
        "device_key_id": None,
        "actor": "staff:counter-1",
        "reason": "cash sale",
    }
    values.update(overrides)
    return await issue_ticket(session, clock, ring, **values)  # type: ignore[arg-type]


@pytest.fixture
async def ring(session: AsyncSession, clock: FixedClock) -> IssuerKeyRing:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring()
    await ring.create(session, clock, actor="test")
    return ring


async def keyset(session: AsyncSession, clock: FixedClock) -> IssuerKeySet:
    return IssuerKeySet.from_jwks(await jwks(session, clock.now()))


async def test_issue_single_verifies_and_is_idempotent(
    session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing
) -> None:
    ticket_id = new_ticket_id()
    first = await issue(session, clock, ring, ticket_id=ticket_id)
    assert (first.kind, first.status, first.amount_minor, first.currency) == ("single", "active", 8000, "VND")
    assert first.valid_from == clock.now()
    assert first.valid_until == clock.now() + timedelta(hours=24)
    verdict = verify_presentation(first.code, await keyset(session, clock), clock.now())
    assert verdict.accepted
    again = await issue(session, clock, ring, ticket_id=ticket_id)
    assert again == first
    with pytest.raises(Conflict, match="ticket_id_reused"):
        await issue(session, clock, ring, ticket_id=ticket_id, fare_product_id="bus_single_10000")


async def test_catalogue_decides_what_can_be_sold(
    session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing
) -> None:
    with pytest.raises(NotFound, match="fare_product_unknown"):
        await issue(session, clock, ring, fare_product_id="no_such_product")
    with pytest.raises(Rejected, match="product_not_offered"):
        await issue(session, clock, ring, fare_product_id="m2a_single_h01", fare_media_id="no_such_media")
    with pytest.raises(InvalidInput, match="ticket_id_invalid"):
        await issue(session, clock, ring, ticket_id="01J9ZK3M8Q2XABCDEFGHJKMNPQ")
    metro = await issue(session, clock, ring, fare_product_id="m2a_single_h01", fare_media_id="cash_metro")
    assert (metro.amount_minor, metro.fare_media_id) == (9000, "cash_metro")
    app = await issue(session, clock, ring, fare_product_id="m2a_single_h01", fare_media_id="hanoi_metro_app")
    assert app.amount_minor == 8595


async def test_pass_windows_and_activation(
    session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing
) -> None:
    month = await issue(session, clock, ring, fare_product_id="bus_month_interline")
    assert (month.kind, month.status) == ("pass", "active")
    assert month.valid_from == datetime(2025, 9, 30, 17, 0, tzinfo=UTC)  # 1 Oct 00:00 in Hanoi
    assert month.valid_until == datetime(2025, 10, 31, 17, 0, tzinfo=UTC)
    week = await issue(session, clock, ring, fare_product_id="m2a_week", fare_media_id="hanoi_metro_app")
    assert (week.status, week.activation_days) == ("issued", 7)
    used_at = clock.now() + timedelta(days=3)
    assert await mark_used(session, clock, ticket_id=week.ticket_id, at=used_at, tap_id="tap-1")
    after = await get_ticket(session, week.ticket_id)
    assert (after.status, after.valid_until) == ("active", used_at + timedelta(days=7))
    assert not await mark_used(
        session, clock, ticket_id=week.ticket_id, at=used_at + timedelta(hours=1), tap_id="t2"
    )
    # Refunded after its first tap: the code still carries the 30-day activation window, so the
    # deny-list entry lasts to the code's end, not to the end of the shortened period.
    await refund_ticket(session, clock, ticket_id=week.ticket_id, reason="asked", actor="staff:a")
    added = dict((await denylist_since(session, 0)).added)
    assert added[week.ticket_id] == week.valid_until > after.valid_until


async def test_lifecycle_records_who_and_why(
    session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing
) -> None:
    single = await issue(session, clock, ring)
    assert await mark_used(session, clock, ticket_id=single.ticket_id, at=clock.now(), tap_id="tap-9")
    assert not await mark_used(session, clock, ticket_id=single.ticket_id, at=clock.now(), tap_id="tap-10")
    with pytest.raises(Rejected, match="ticket_not_refundable"):
        await refund_ticket(session, clock, ticket_id=single.ticket_id, reason="asked", actor="staff:a")
    other = await issue(session, clock, ring)
    refunded = await refund_ticket(session, clock, ticket_id=other.ticket_id, reason="asked", actor="staff:a")
    assert refunded.status == "refunded"
    assert not await mark_used(session, clock, ticket_id=other.ticket_id, at=clock.now(), tap_id="tap-11")
    history = await ticket_history(session, single.ticket_id)
    assert [(h.from_status, h.to_status, h.actor) for h in history] == [
        (None, "active", "staff:counter-1"),
        ("active", "used", "system:taps"),
    ]
    assert history[1].tap_id == "tap-9"
    with pytest.raises(NotFound, match="ticket_not_found"):
        await mark_used(session, clock, ticket_id="0000000000ZZ", at=clock.now(), tap_id="x")


async def test_revocation_feeds_the_denylist(
    session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing
) -> None:
    start = (await denylist_since(session, 0)).version
    a, b = await issue(session, clock, ring), await issue(session, clock, ring)
    await revoke_ticket(
        session, clock, ticket_id=a.ticket_id, reason="fraud: shared screenshot", actor="staff:x"
    )
    await revoke_ticket(session, clock, ticket_id=a.ticket_id, reason="again", actor="staff:x")  # idempotent
    assert (await get_ticket(session, a.ticket_id)).status == "revoked"
    delta = await denylist_since(session, start)
    assert delta.added == [(a.ticket_id, a.valid_until)]
    assert delta.version == start + 1
    await revoke_ticket(session, clock, ticket_id=b.ticket_id, reason="manual", actor="staff:x")
    later = await denylist_since(session, delta.version)
    assert [t for t, _ in later.added] == [b.ticket_id]
    with pytest.raises(Rejected, match="reason_required"):
        await revoke_ticket(session, clock, ticket_id=b.ticket_id, reason=" ", actor="staff:x")


async def test_expiry_sweep(session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing) -> None:
    single = await issue(session, clock, ring)
    clock.advance(timedelta(days=2))
    assert single.ticket_id in await expire_tickets(session, clock)
    assert (await get_ticket(session, single.ticket_id)).status == "expired"


async def test_device_bound_ticket(session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing) -> None:
    phone = PhoneKey.generate()
    await register_device_key(
        session, clock, device_key_id="dk-1", holder_id="rider-1", public_jwk=phone.public_jwk()
    )
    ticket = await issue(session, clock, ring, device_key_id="dk-1", holder_id="rider-1")
    keys = await keyset(session, clock)
    assert verify_presentation(ticket.code, keys, clock.now()).reason == "proof_required"  # type: ignore[union-attr]
    assert verify_presentation(phone.present(ticket.code, clock.now()), keys, clock.now()).accepted
    with pytest.raises(Rejected, match="device_key_not_holders"):
        await issue(session, clock, ring, device_key_id="dk-1", holder_id="rider-2")


async def test_qr_is_rendered_once(session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing) -> None:
    ticket = await issue(session, clock, ring)
    png = await render_qr(session, ticket.ticket_id, "png")
    assert png.startswith(b"\x89PNG")
    assert await render_qr(session, ticket.ticket_id, "png") == png
    svg = await render_qr(session, ticket.ticket_id, "svg")
    assert b"<svg" in svg
    with pytest.raises(InvalidInput):
        await render_qr(session, ticket.ticket_id, "gif")


async def test_production_ring_never_generates_keys(session: AsyncSession, clock: FixedClock) -> None:
    await hanoi_in_force(session, clock)
    with pytest.raises(Unavailable, match="no_signing_key"):
        await issue(session, clock, encrypted_ring())


async def test_embedded_default_generates_a_file_key(
    session: AsyncSession, clock: FixedClock, tmp_path: Path
) -> None:
    await hanoi_in_force(session, clock)
    ring = file_ring(tmp_path)
    ticket = await issue(session, clock, ring)
    key_file = tmp_path / "keys" / "tickets" / f"{ticket.kid}.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    fresh = file_ring(tmp_path)  # another process reads the same file
    second = await issue(session, clock, fresh)
    assert second.kid == ticket.kid
