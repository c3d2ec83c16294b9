"""A real issuer key for tests: signs tickets with the tickets codec and publishes its JWKS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ticketing.tickets import IssuerKey, TicketClaims, new_kid, new_ticket_id, sign_ticket

KEY_FROM = datetime(2025, 1, 1, tzinfo=UTC)
KEY_UNTIL = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass
class Issuer:
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    kid: str = field(default_factory=new_kid)

    def jwks(self) -> dict[str, Any]:
        key = IssuerKey(self.kid, self.private_key.public_key(), KEY_FROM, KEY_UNTIL)
        return {"keys": [key.to_jwk()]}

    def issue(
        self,
        *,
        valid_from: datetime,
        hours: int = 24,
        product: str = "bus_single",
        rides: int | None = 1,
        origin: str | None = None,
        destination: str | None = None,
        ticket_id: str | None = None,
    ) -> tuple[str, str]:
        start = valid_from.astimezone(UTC).replace(second=0, microsecond=0)
        claims = TicketClaims(
            ticket_id=ticket_id or new_ticket_id(),
            fare_product_id=product,
            rider_category_id="pho_thong",
            fare_media_id=None,
            valid_from=start,
            valid_until=start + timedelta(hours=hours),
            rides_allowed=rides,
            origin_area_id=origin,
            destination_area_id=destination,
        )
        return claims.ticket_id, sign_ticket(claims, self.private_key, self.kid)


def forged(code: str) -> str:
    """The same claims under a signature that does not verify."""
    head, payload, sig = code.split(".", 2)[0], code.split(".")[1], code.split(".")[2]
    flipped = ("A" if sig[0] != "A" else "B") + sig[1:]
    return f"{head}.{payload}.{flipped}"
