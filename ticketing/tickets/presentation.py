"""``verify_presentation``: the codec's whole verdict on a scanned code, offline and pure.

Order: structure and size → header → key (kid, window, retirement) → signature → claim schema →
validity window (with clock tolerance) → deny-list (when given) → device proof.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime, timedelta

from ticketing.tickets.codec import open_ticket
from ticketing.tickets.errors import TicketCodeError
from ticketing.tickets.keyset import IssuerKeySet
from ticketing.tickets.proof import verify_proof
from ticketing.tickets.rejections import TicketRejection, VerifiedTicket

CLOCK_TOLERANCE_S = 120
PROOF_TOLERANCE_S = 60


def verify_presentation(
    code: str | bytes,
    keys: IssuerKeySet,
    now: datetime,
    *,
    tolerance_s: int = CLOCK_TOLERANCE_S,
    proof_tolerance_s: int = PROOF_TOLERANCE_S,
    revoked: Container[str] | None = None,
) -> VerifiedTicket | TicketRejection:
    """Accept or reject a presented code at ``now``.

    ``tolerance_s`` widens the ticket's validity window for reader clock skew;
    ``proof_tolerance_s`` bounds how far a device proof's 30-second step may be from ``now``.
    ``revoked`` is an optional deny-list of ticket ids (the admission function passes its own).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    ticket_id: str | None = None
    try:
        slack = timedelta(seconds=tolerance_s)
        signed = open_ticket(code, keys, now, slack)
        claims = signed.claims
        ticket_id = claims.ticket_id
        if now < claims.valid_from - slack:
            raise TicketCodeError("not_yet_valid", f"valid from {claims.valid_from.isoformat()}")
        if now >= claims.valid_until + slack:
            raise TicketCodeError("expired", f"expired at {claims.valid_until.isoformat()}")
        if revoked is not None and claims.ticket_id in revoked:
            raise TicketCodeError("revoked", "ticket is on the deny-list")
        step: int | None = None
        if claims.device_key_thumbprint is None:
            if signed.proof is not None:
                raise TicketCodeError("proof_invalid", "a proof came with a ticket that is not device-bound")
        else:
            if not signed.proof:
                raise TicketCodeError("proof_required", "device-bound ticket presented without its proof")
            step = verify_proof(
                signed.signature, signed.proof, claims.device_key_thumbprint, now, proof_tolerance_s
            )
    except TicketCodeError as exc:
        return TicketRejection(reason=exc.reason, detail=exc.detail, ticket_id=ticket_id)
    return VerifiedTicket(claims=claims, kid=signed.kid, proof_step=step)
