"""Round trips of the ticket codec, the key set and validity windows."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketing.fares.offers import PassValidity
from ticketing.tickets import IssuerKeySet, TicketClaims, is_ticket_id, ticket_id_for, verify_presentation
from ticketing.tickets.claims import EPOCH, align_window
from ticketing.tickets.compact import unpack_claims
from ticketing.tickets.device_key import compressed_point, jwk_thumbprint
from ticketing.tickets.p256 import _y_for, recover_candidates
from ticketing.tickets.phone import PhoneKey
from ticketing.tickets.validity import active_until, ticket_window

from .helpers import NOW, Issuer, claims

ISSUER = Issuer()
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=64)
minutes = st.integers(0, 10_000_000)


@settings(max_examples=200, deadline=None)
@given(
    product=ids, category=ids, media=st.none() | ids, start=minutes, length=st.integers(1, 600_000),
    rides=st.none() | st.integers(1, 100), origin=st.none() | ids, activation=st.none() | st.integers(1, 366),
)
def test_claims_round_trip(
    product: str, category: str, media: str | None, start: int, length: int, rides: int | None,
    origin: str | None, activation: int | None,
) -> None:
    original = TicketClaims(
        ticket_id=ticket_id_for("prop", start), fare_product_id=product, rider_category_id=category,
        fare_media_id=media, valid_from=EPOCH + timedelta(minutes=start),
        valid_until=EPOCH + timedelta(minutes=start + length), rides_allowed=rides,
        origin_area_id=origin, destination_area_id=origin, activation_days=activation,
    )
    code = ISSUER.sign(original)
    at = original.valid_from + timedelta(minutes=length // 2)
    keys = Issuer(private_key=ISSUER.private_key, not_before=EPOCH, not_after=EPOCH + timedelta(days=30_000))
    result = verify_presentation(code, keys.keyset(), at)
    assert result.accepted
    assert result.claims == original  # type: ignore[union-attr]


def test_the_payload_is_the_documented_json() -> None:
    code = ISSUER.sign(claims(ticket_id="01J9ZK3M8Q2X", fare_media_id="hanoi_metro_app"))
    from ticketing.tickets.compact import b64url_decode

    wire = unpack_claims(b64url_decode(code.split(".")[1].encode(), "payload"))
    assert wire == {
        "i": "01J9ZK3M8Q2X", "p": "bus_single_8000", "c": "pho_thong", "f": 411900, "d": 1440,
        "m": "hanoi_metro_app", "r": 1,
    }
    assert code.startswith("eyJhbGciOiJFZERTQSIsImtpZCI6Imt0MDAwMSJ9.")  # {"alg":"EdDSA","kid":"kt0001"}


def test_encoder_refuses_what_the_decoder_would_refuse() -> None:
    with pytest.raises(ValueError, match="whole minutes"):
        ISSUER.sign(claims(valid_from=NOW + timedelta(seconds=1)))
    with pytest.raises(ValueError, match="ticket id"):
        ISSUER.sign(claims(ticket_id="01J9ZK3M8Q2XABCDEFGHJKMNPQ"))
    with pytest.raises(ValueError, match="after"):
        ISSUER.sign(claims(valid_until=NOW))


def test_ticket_ids() -> None:
    assert ticket_id_for("order-1", 0) == ticket_id_for("order-1", 0)
    assert ticket_id_for("order-1", 0) != ticket_id_for("order-1", 1)
    assert is_ticket_id(ticket_id_for("x", 3))
    assert not is_ticket_id("01j9zk3m8q2x")


def test_jwks_round_trip_keeps_windows_and_retirement() -> None:
    retired = Issuer(kid="kold", retired=True)
    keys = IssuerKeySet([ISSUER.key, retired.key])
    again = IssuerKeySet.from_jwks(keys.to_jwks())
    assert again.to_jwks() == keys.to_jwks()
    assert again.kids() == [ISSUER.kid, "kold"]
    assert keys.to_jwks()["keys"][1]["retired"] is True


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "EC", "crv": "P-256", "x": "AA", "kid": "k1", "nbf": 0, "exp": 1},
        {"kty": "OKP", "crv": "Ed25519", "x": "AA", "kid": "k1", "nbf": 0, "exp": 1},
        {"kty": "OKP", "crv": "Ed25519", "x": "A" * 43, "kid": "../k", "nbf": 0, "exp": 1},
        {"kty": "OKP", "crv": "Ed25519", "x": "A" * 43, "kid": "k1", "nbf": 5, "exp": 1},
        {"kty": "OKP", "crv": "Ed25519", "x": "A" * 43, "kid": "k1", "alg": "HS256", "nbf": 0, "exp": 1},
    ],
)
def test_bad_jwks_are_refused(jwk: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"."):
        IssuerKeySet.from_jwks({"keys": [jwk]})


def test_duplicate_kids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        IssuerKeySet([ISSUER.key, ISSUER.key])


def test_p256_recovery_finds_the_signing_key() -> None:
    for _ in range(5):
        private = ec.generate_private_key(ec.SECP256R1())
        message = b"vexe recovery test"
        r, s = decode_dss_signature(private.sign(message, ec.ECDSA(hashes.SHA256())))
        candidates = recover_candidates(hashlib.sha256(message).digest(), r, s)
        assert compressed_point(private.public_key()) in candidates
    assert recover_candidates(b"\x00" * 32, 0, 1) == []
    no_point = next(x for x in range(1, 100) if _y_for(x) is None)
    assert recover_candidates(b"\x01" * 32, no_point, 1) == []


def test_phone_jwk_thumbprint_matches_the_claim() -> None:
    phone = PhoneKey.generate()
    assert jwk_thumbprint(phone.public_jwk()) == phone.thumbprint
    assert PhoneKey.from_pem(phone.to_pem()).thumbprint == phone.thumbprint
    with pytest.raises(ValueError, match="P-256"):
        jwk_thumbprint(phone.public_jwk() | {"crv": "P-384"})
    with pytest.raises(ValueError, match=r"(?i)invalid"):
        jwk_thumbprint(phone.public_jwk() | {"y": phone.public_jwk()["x"]})


def test_validity_windows() -> None:
    start = datetime(2025, 10, 14, 8, 0, 30, tzinfo=HANOI)
    single = ticket_window(None, start, HANOI)
    assert (single.valid_from, single.valid_until - single.valid_from, single.rides_allowed) == (
        datetime(2025, 10, 14, 1, 0, tzinfo=UTC), timedelta(hours=24, minutes=1), 1,
    )
    day = ticket_window(PassValidity("operating_day", 1), start, HANOI)
    assert (day.valid_from, day.valid_until) == (
        datetime(2025, 10, 13, 17, 0, tzinfo=UTC), datetime(2025, 10, 14, 17, 0, tzinfo=UTC),
    )
    month = ticket_window(PassValidity("calendar_month", None), start, HANOI)
    assert month.valid_from == datetime(2025, 10, 1, tzinfo=HANOI)
    assert month.valid_until == datetime(2025, 11, 1, tzinfo=HANOI)
    issue = ticket_window(PassValidity("from_issue", 30), start, HANOI)
    assert issue.valid_until - issue.valid_from == timedelta(days=30, minutes=1)
    week = ticket_window(PassValidity("from_activation", 7), start, HANOI)
    assert week.needs_activation
    assert week.activation_days == 7
    ticket = claims(
        valid_from=week.valid_from, valid_until=week.valid_until, rides_allowed=None, activation_days=7
    )
    first_use = week.valid_from + timedelta(days=2)
    assert active_until(ticket, first_use) == first_use + timedelta(days=7)


def test_align_window_rounds_outwards() -> None:
    begin, end = align_window(NOW + timedelta(seconds=59), NOW + timedelta(minutes=5, seconds=1))
    assert (begin, end) == (NOW, NOW + timedelta(minutes=6))
