"""What verifying a presented code gives: a verified ticket or a typed rejection reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from ticketing.tickets.claims import TicketClaims
from ticketing.tickets.errors import RejectionReason, TicketCodeError

# The same codes as the Literal, in its order: one list, never two kept in step.
REJECTION_REASONS: tuple[RejectionReason, ...] = get_args(RejectionReason)


@dataclass(frozen=True, slots=True)
class TicketRejection:
    reason: RejectionReason
    detail: str
    # Set when the signature was verified before the rejection (expired, revoked, proof_*).
    ticket_id: str | None = None

    @property
    def accepted(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class VerifiedTicket:
    claims: TicketClaims
    kid: str
    # The 30-second step the device proof was made for (device-bound tickets only).
    proof_step: int | None = None

    @property
    def accepted(self) -> bool:
        return True

    @property
    def ticket_id(self) -> str:
        return self.claims.ticket_id


__all__ = ["REJECTION_REASONS", "RejectionReason", "TicketCodeError", "TicketRejection", "VerifiedTicket"]
