"""Signed QR tickets (pure): claims, codec, issuer key set, device proofs, validity.

Validators and the server import from here; nothing here touches a database, web framework or
network. The wire format is documented in docs/ticket-format.md.
"""

from ticketing.tickets.claims import FORMAT_VERSION, TicketClaims
from ticketing.tickets.codec import MAX_CODE_LENGTH, sign_ticket, split_presentation
from ticketing.tickets.ids import is_ticket_id, new_kid, new_ticket_id, ticket_id_for
from ticketing.tickets.keyset import IssuerKey, IssuerKeySet
from ticketing.tickets.presentation import CLOCK_TOLERANCE_S, PROOF_TOLERANCE_S, verify_presentation
from ticketing.tickets.rejections import REJECTION_REASONS, RejectionReason, TicketRejection, VerifiedTicket

__all__ = [
    "CLOCK_TOLERANCE_S",
    "FORMAT_VERSION",
    "MAX_CODE_LENGTH",
    "PROOF_TOLERANCE_S",
    "REJECTION_REASONS",
    "IssuerKey",
    "IssuerKeySet",
    "RejectionReason",
    "TicketClaims",
    "TicketRejection",
    "VerifiedTicket",
    "is_ticket_id",
    "new_kid",
    "new_ticket_id",
    "sign_ticket",
    "split_presentation",
    "ticket_id_for",
    "verify_presentation",
]
