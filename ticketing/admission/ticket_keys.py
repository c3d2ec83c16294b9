"""The key ring admission verifies with: the tickets codec behind the ``KeyRing`` port."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ticketing.admission.model import TicketFacts, VerificationFailure
from ticketing.tickets import CLOCK_TOLERANCE_S, IssuerKeySet, TicketRejection, verify_presentation


class TicketKeyRing:
    def __init__(self, keys: IssuerKeySet, tolerance_s: int = CLOCK_TOLERANCE_S) -> None:
        self._keys = keys
        self._tolerance_s = tolerance_s

    def verify(self, code: str, at: datetime) -> TicketFacts | VerificationFailure:
        verdict = verify_presentation(code, self._keys, at, tolerance_s=self._tolerance_s)
        if isinstance(verdict, TicketRejection):
            return VerificationFailure(verdict.reason, verdict.detail)
        c = verdict.claims
        return TicketFacts(
            ticket_id=c.ticket_id,
            fare_product_id=c.fare_product_id,
            valid_from=c.valid_from,
            valid_until=c.valid_until,
            rides_allowed=c.rides_allowed,
            origin_area_id=c.origin_area_id,
            destination_area_id=c.destination_area_id,
            activation_days=c.activation_days,
            proof_step=verdict.proof_step,
        )


def keyring_from_jwks(jwks: Mapping[str, Any]) -> TicketKeyRing:
    """Raises ValueError when the JWKS is malformed."""
    return TicketKeyRing(IssuerKeySet.from_jwks(jwks))
