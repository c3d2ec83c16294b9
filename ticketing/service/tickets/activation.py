"""Activating a ``from_activation`` pass in the app, before its first ride.

The pass's window becomes [now, now + its length) and, because the window is signed into the
code, the ticket is re-signed under the same ticket id with that fixed window and without the
activation claim ``a`` (readers then check the window only, see docs/ticket-format.md). The old
code (which carries ``a``, so a reader that never saw the ticket would start a fresh period on it)
is superseded on the deny-list: readers admit only the code with the new window and refuse older
codes of the ticket as ``revoked`` until the old code's window ends. The old code's cached QR
images are dropped; a ``ticket_events`` row records who and why.

Idempotent: activating an active pass returns it unchanged.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Rejected
from ticketing.db.models.tickets import Ticket, TicketEvent, TicketQrImage
from ticketing.service.tickets.denylist import supersede
from ticketing.service.tickets.issuance import VALID_FROM_AHEAD_MAX
from ticketing.service.tickets.keyring import IssuerKeyRing
from ticketing.service.tickets.views import IssuedTicket, view
from ticketing.tickets.claims import TicketClaims, align_window, from_wire
from ticketing.tickets.codec import sign_ticket
from ticketing.tickets.compact import b64url_decode, unpack_claims
from ticketing.tickets.validity import ACTIVATION_WINDOW

ACTIVATION_REASON = "activated in the app"


def stored_claims(code: str) -> TicketClaims:
    """The claims of a code this service signed and stored (no signature check: our own row)."""
    payload = code.split("~", 1)[0].split(".")[1]
    return from_wire(unpack_claims(b64url_decode(payload.encode("ascii"), "payload")))


def deny_until(row: Ticket) -> datetime:
    """Until when some code issued for this ticket may still verify: a deny-list entry (refund,
    revocation) must last that long. A pass activated by its first tap keeps its long-window code
    (exact, from the stored code). A pass activated in the app had such a code before it was
    re-signed; that code is not kept, so its end is bounded from the issue time."""
    end = max(row.valid_until, stored_claims(row.code).valid_until)
    if row.activation_days is not None and stored_claims(row.code).activation_days is None:
        furthest = VALID_FROM_AHEAD_MAX + ACTIVATION_WINDOW + timedelta(days=row.activation_days, minutes=1)
        end = max(end, row.issued_at + furthest)
    return end


async def activate_pass(
    session: AsyncSession, clock: Clock, keyring: IssuerKeyRing, *, ticket_id: str, actor: str
) -> IssuedTicket:
    row = await session.get(Ticket, ticket_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFound("ticket_not_found", f"no ticket {ticket_id!r}")
    if row.kind != "pass":
        raise Rejected("ticket_not_activatable", "only passes are activated")
    if row.status == "active":
        return view(row)
    if row.status != "issued" or row.activation_days is None or row.first_used_at is not None:
        raise Rejected("ticket_not_activatable", f"a {row.status} ticket cannot be activated")
    now = clock.now()
    if now >= row.valid_until:
        raise Rejected("ticket_not_activatable", "the time to activate this pass is over")
    start, end = align_window(now, now + timedelta(days=row.activation_days))
    end = min(end, row.valid_until)  # never beyond what was sold
    old = stored_claims(row.code)
    claims = dataclasses.replace(old, valid_from=start, valid_until=end, activation_days=None)
    signing = await keyring.signing_key(session, clock, covers_until=end)
    session.add(
        TicketEvent(
            ticket_id=ticket_id,
            at=now,
            from_status=row.status,
            to_status="active",
            actor=actor[:120],
            reason=f"{ACTIVATION_REASON}: re-signed for {start.isoformat()} – {end.isoformat()}"[:500],
            tap_id=None,
        )
    )
    row.code = sign_ticket(claims, signing.private_key, signing.kid)
    row.kid = signing.kid
    row.valid_from, row.valid_until = start, end  # activation_days stays: the product's length
    row.status, row.status_changed_at = "active", now
    await supersede(
        session,
        clock,
        ticket_id=ticket_id,
        valid_from=start,
        valid_until=end,
        expires_at=max(old.valid_until, end),  # the old code verifies until its own window ends
        reason=ACTIVATION_REASON,
        actor=actor,
    )
    await session.execute(delete(TicketQrImage).where(TicketQrImage.ticket_id == ticket_id))
    await session.flush()
    return view(row)
