"""The examples in docs/ticket-format.md and docs/phone-presentation.md, rebuilt from their keys."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support.env import REPO_ROOT
from ticketing.tickets import IssuerKey, IssuerKeySet, TicketClaims, sign_ticket, verify_presentation
from ticketing.tickets.compact import b64url_decode
from ticketing.tickets.phone import PhoneKey
from ticketing.tickets.proof import proof_message, step_at

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
ISSUER = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"vexe docs example issuer").digest())
PHONE = PhoneKey(
    ec.derive_private_key(
        int.from_bytes(hashlib.sha256(b"vexe docs example phone").digest(), "big"), ec.SECP256R1()
    )
)
KEYS = IssuerKeySet(
    [
        IssuerKey(
            "kdoc01",
            ISSUER.public_key(),
            datetime(2025, 10, 1, tzinfo=UTC),
            datetime(2026, 11, 5, tzinfo=UTC),
        )
    ]
)
SINGLE = TicketClaims(
    "01J9ZK3M8Q2X",
    "m2a_single_h03",
    "pho_thong",
    "hanoi_metro_app",
    NOW,
    NOW + timedelta(hours=24),
    rides_allowed=1,
)
WEEK = TicketClaims(
    "01J9ZK3M8Q2Y",
    "m2a_week",
    "uu_tien",
    "hanoi_metro_app",
    NOW,
    NOW + timedelta(days=37),
    activation_days=7,
    device_key_thumbprint=PHONE.thumbprint,
)


def documented(name: str) -> str:
    return (REPO_ROOT / "docs" / name).read_text(encoding="utf-8")


def test_ticket_format_example() -> None:
    code = sign_ticket(SINGLE, ISSUER, "kdoc01")
    text = documented("ticket-format.md")
    assert code in text
    assert KEYS.to_jwks()["keys"][0]["x"] in text
    assert verify_presentation(code, KEYS, NOW).claims == SINGLE  # type: ignore[union-attr]


def test_phone_presentation_example() -> None:
    text = documented("phone-presentation.md")
    ticket = sign_ticket(WEEK, ISSUER, "kdoc01")
    assert ticket in text
    assert PHONE.public_jwk()["x"] in text
    assert PHONE.thumbprint in text
    signature = b64url_decode(ticket.split(".")[2].encode(), "signature")
    assert proof_message(signature, step_at(NOW)).hex() in text.replace("\n", "")
    shown = next(line.strip() for line in text.splitlines() if line.strip().startswith(ticket + "~"))
    assert verify_presentation(shown, KEYS, NOW + timedelta(seconds=10)).accepted
    assert verify_presentation(shown, KEYS, NOW + timedelta(minutes=5)).reason == "proof_stale"  # type: ignore[union-attr]
