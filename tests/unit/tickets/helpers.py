"""Plain factories for ticket codec tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ticketing.tickets import IssuerKey, IssuerKeySet, TicketClaims, new_ticket_id, sign_ticket

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
KID = "kt0001"


@dataclass
class Issuer:
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    kid: str = KID
    not_before: datetime = NOW - timedelta(days=30)
    not_after: datetime = NOW + timedelta(days=400)
    retired: bool = False

    @property
    def key(self) -> IssuerKey:
        public = self.private_key.public_key()
        return IssuerKey(self.kid, public, self.not_before, self.not_after, self.retired)

    def keyset(self) -> IssuerKeySet:
        return IssuerKeySet([self.key])

    def sign(self, claims: TicketClaims) -> str:
        return sign_ticket(claims, self.private_key, self.kid)


def claims(**overrides: object) -> TicketClaims:
    values: dict[str, object] = {
        "ticket_id": new_ticket_id(),
        "fare_product_id": "bus_single_8000",
        "rider_category_id": "pho_thong",
        "fare_media_id": None,
        "valid_from": NOW,
        "valid_until": NOW + timedelta(hours=24),
        "rides_allowed": 1,
    }
    values.update(overrides)
    return TicketClaims(**values)  # type: ignore[arg-type]
