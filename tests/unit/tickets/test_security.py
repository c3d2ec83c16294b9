"""The security suite: every hostile or broken code is refused with its own reason code."""

from __future__ import annotations

import hashlib
import hmac
import json
import zlib
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st
from jwt.api_jws import PyJWS

from ticketing.tickets import REJECTION_REASONS, IssuerKeySet, TicketRejection, verify_presentation
from ticketing.tickets.claims import to_wire
from ticketing.tickets.compact import DICTIONARY_V1, b64url_encode, pack_claims
from ticketing.tickets.phone import PhoneKey
from ticketing.tickets.proof import step_at

from .helpers import KID, NOW, Issuer, claims

ISSUER = Issuer()
KEYS = ISSUER.keyset()
FIXED_CODE = ISSUER.sign(claims(ticket_id="0123456789AB"))


def reason(code: str | bytes, keys: IssuerKeySet = KEYS, **kwargs: object) -> str:
    result = verify_presentation(code, keys, NOW, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, TicketRejection), f"accepted: {result}"
    return result.reason


def b64json(value: object) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())


def signed_payload(payload: bytes, headers: dict[str, object] | None = None) -> str:
    return PyJWS().encode(
        payload, ISSUER.private_key, algorithm="EdDSA", headers=headers or {"kid": KID, "typ": None}
    )


def test_a_good_ticket_is_accepted() -> None:
    result = verify_presentation(ISSUER.sign(claims()), KEYS, NOW)
    assert result.accepted


def test_alg_none_is_refused() -> None:
    body = ISSUER.sign(claims()).split(".")[1]
    assert reason(f"{b64json({'alg': 'none', 'kid': KID})}.{body}.") == "bad_signature"


def test_hs256_signed_with_the_public_key_bytes_is_refused() -> None:
    public = ISSUER.private_key.public_key()
    for secret in (
        public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
        public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
    ):
        signing_input = f"{b64json({'alg': 'HS256', 'kid': KID})}.{ISSUER.sign(claims()).split('.')[1]}"
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        assert reason(f"{signing_input}.{b64url_encode(mac)}") == "bad_signature"


@pytest.mark.parametrize("kid", ["kother", "../../etc/passwd", "keys/k1", "k1\\x", "", "k" * 17])
def test_unknown_or_malicious_kid_is_refused(kid: str) -> None:
    code = signed_payload(pack_claims(to_wire(claims())), {"kid": kid, "typ": None})
    assert reason(code) == "unknown_key"


def test_a_kilobyte_kid_is_refused_before_parsing() -> None:
    code = signed_payload(pack_claims(to_wire(claims())), {"kid": "k" * 1024, "typ": None})
    assert reason(code) == "malformed"


def test_non_string_kid_is_refused() -> None:
    signing_input = f"{b64json({'alg': 'EdDSA', 'kid': 7})}.{b64url_encode(pack_claims(to_wire(claims())))}"
    signature = ISSUER.private_key.sign(signing_input.encode())
    assert reason(f"{signing_input}.{b64url_encode(signature)}") == "unknown_key"


def test_tampered_header_is_refused() -> None:
    other = Issuer(kid="kt0002")
    keys = IssuerKeySet([ISSUER.key, other.key])
    _, body, sig = ISSUER.sign(claims()).split(".")
    assert reason(f"{b64json({'alg': 'EdDSA', 'kid': 'kt0002'})}.{body}.{sig}", keys) == "bad_signature"
    extra = b64json({"alg": "EdDSA", "kid": KID, "typ": "JWT"})
    assert reason(f"{extra}.{body}.{sig}") == "malformed"


def test_tampered_claims_are_refused() -> None:
    original = claims()
    header, _, sig = ISSUER.sign(original).split(".")
    forged = claims(ticket_id=original.ticket_id, valid_until=original.valid_until + timedelta(days=30))
    body = ISSUER.sign(forged).split(".")[1]
    assert reason(f"{header}.{body}.{sig}") == "bad_signature"


def test_tampered_signature_is_refused() -> None:
    header, body, sig = ISSUER.sign(claims()).split(".")
    flipped = ("B" if sig[0] != "B" else "C") + sig[1:]
    assert reason(f"{header}.{body}.{flipped}") == "bad_signature"
    # the last character carries padding bits: a non-canonical encoding of the same bytes
    last = sig[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    sibling = alphabet[alphabet.index(last) ^ 1]
    assert reason(f"{header}.{body}.{sig[:-1]}{sibling}") == "malformed"


def test_every_truncation_is_malformed() -> None:
    code = ISSUER.sign(claims())
    for cut in range(len(code)):
        assert reason(code[:cut]) == "malformed", cut


def test_oversized_input_is_refused_before_parsing() -> None:
    code = ISSUER.sign(claims())
    assert reason(code + "A" * 600) == "malformed"
    assert reason("A" * 100_000) == "malformed"


@pytest.mark.parametrize(
    "junk",
    [
        "vé xe buýt",
        "eyJhbGciOiJFZERTQSJ9.é.x",
        b"\x00\x01\x02\xff\xfe",
        b"\x89PNG\r\n\x1a\n",
        "a.b.c\n.d",
        "....",
        "",
    ],
)
def test_non_ascii_and_binary_junk_is_malformed(junk: str | bytes) -> None:
    assert reason(junk) == "malformed"


def test_extra_claims_are_refused() -> None:
    wire = to_wire(claims()) | {"z": "x"}
    assert reason(signed_payload(pack_claims(wire))) == "malformed"
    wire = to_wire(claims()) | {"name": "Nguyễn Văn A"}
    assert reason(signed_payload(pack_claims(wire))) == "malformed"


@pytest.mark.parametrize("name", ["i", "p", "c", "f", "d"])
def test_missing_claims_are_refused(name: str) -> None:
    wire = to_wire(claims())
    del wire[name]
    assert reason(signed_payload(pack_claims(wire))) == "malformed"


@pytest.mark.parametrize(
    ("name", "value"),
    [("f", -1), ("d", 0), ("d", True), ("f", "1"), ("r", 0), ("i", "not-an-id"), ("m", None)],
)
def test_claims_of_the_wrong_type_are_refused(name: str, value: object) -> None:
    wire = to_wire(claims()) | {name: value}
    assert reason(signed_payload(pack_claims(wire))) == "malformed"


def test_duplicate_claims_and_non_object_payloads_are_refused() -> None:
    text = b'{"i":"0123456789AB","i":"0123456789AC","p":"x","c":"y","f":1,"d":2}'
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, DICTIONARY_V1)
    assert reason(signed_payload(b"\x01" + compressor.compress(text) + compressor.flush())) == "malformed"
    assert reason(signed_payload(b"\x01not deflate")) == "malformed"
    assert reason(signed_payload(b"")) == "malformed"


def test_an_unknown_format_version_is_refused() -> None:
    payload = pack_claims(to_wire(claims()))
    assert reason(signed_payload(b"\x02" + payload[1:])) == "unsupported_version"


def test_expired_beyond_the_tolerance_is_refused() -> None:
    ticket = claims(valid_from=NOW - timedelta(hours=24), valid_until=NOW - timedelta(minutes=3))
    assert reason(ISSUER.sign(ticket), tolerance_s=120) == "expired"
    assert verify_presentation(ISSUER.sign(ticket), KEYS, NOW, tolerance_s=300).accepted


def test_not_yet_valid_beyond_the_tolerance_is_refused() -> None:
    ticket = claims(valid_from=NOW + timedelta(minutes=3), valid_until=NOW + timedelta(hours=24))
    assert reason(ISSUER.sign(ticket), tolerance_s=120) == "not_yet_valid"
    assert verify_presentation(ISSUER.sign(ticket), KEYS, NOW, tolerance_s=300).accepted


def test_revoked_is_refused() -> None:
    ticket = claims()
    assert reason(ISSUER.sign(ticket), revoked={ticket.ticket_id}) == "revoked"
    assert verify_presentation(ISSUER.sign(ticket), KEYS, NOW, revoked={"OTHER0000000"}).accepted


def test_retired_and_out_of_window_keys_are_refused() -> None:
    code = ISSUER.sign(claims())
    retired = Issuer(private_key=ISSUER.private_key, retired=True)
    assert reason(code, retired.keyset()) == "unknown_key"
    ended = Issuer(private_key=ISSUER.private_key, not_after=NOW - timedelta(seconds=121))
    assert reason(code, ended.keyset()) == "unknown_key"
    future = Issuer(private_key=ISSUER.private_key, not_before=NOW + timedelta(seconds=121))
    assert reason(code, future.keyset()) == "unknown_key"
    # within the clock tolerance a key just created (or just ended) still counts
    assert verify_presentation(code, future.keyset(), NOW, tolerance_s=180).accepted
    assert verify_presentation(code, ended.keyset(), NOW, tolerance_s=180).accepted


class TestDeviceBound:
    phone = PhoneKey.generate()

    def code(self) -> str:
        return ISSUER.sign(claims(device_key_thumbprint=self.phone.thumbprint))

    def test_with_a_fresh_proof_is_accepted(self) -> None:
        code = self.code()
        result = verify_presentation(self.phone.present(code, NOW), KEYS, NOW)
        assert result.accepted
        assert result.proof_step == step_at(NOW)  # type: ignore[union-attr]

    def test_without_proof_is_refused(self) -> None:
        assert reason(self.code()) == "proof_required"

    def test_with_the_proof_stripped_is_refused(self) -> None:
        assert reason(self.code() + "~") == "proof_required"

    def test_with_the_key_claim_stripped_is_refused(self) -> None:
        code = self.code()
        header, _, sig = code.split(".")
        wire = to_wire(claims(device_key_thumbprint=self.phone.thumbprint))
        del wire["k"]
        body = b64url_encode(pack_claims(wire))
        assert reason(f"{header}.{body}.{sig}~{self.phone.proof(code, NOW)}") == "bad_signature"

    def test_with_a_proof_from_another_key_is_refused(self) -> None:
        code = self.code()
        assert reason(PhoneKey.generate().present(code, NOW)) == "proof_invalid"

    def test_with_a_proof_for_another_ticket_is_refused(self) -> None:
        other = self.code()
        assert reason(f"{self.code()}~{self.phone.proof(other, NOW)}") == "proof_invalid"

    def test_with_a_replayed_stale_proof_is_refused(self) -> None:
        code = self.code()
        stale = self.phone.present(code, NOW - timedelta(minutes=5))
        assert reason(stale) == "proof_stale"
        future = self.phone.present(code, NOW + timedelta(minutes=5))
        assert reason(future) == "proof_stale"

    def test_a_proof_within_the_tolerance_is_accepted(self) -> None:
        code = self.code()
        assert verify_presentation(self.phone.present(code, NOW - timedelta(seconds=45)), KEYS, NOW).accepted

    def test_with_junk_or_a_reused_proof_segment_is_refused(self) -> None:
        code = self.code()
        proof = self.phone.proof(code, NOW)
        assert reason(f"{code}~{proof[:-4]}") == "proof_invalid"
        assert reason(f"{code}~{'A' * 88}") == "proof_invalid"
        assert reason(f"{code}~{proof}~{proof}") == "malformed"

    def test_a_proof_on_a_static_ticket_is_refused(self) -> None:
        static = ISSUER.sign(claims())
        assert reason(f"{static}~{self.phone.proof(static, NOW)}") == "proof_invalid"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_typed_rejection(data: bytes) -> None:
    result = verify_presentation(data, KEYS, NOW)
    assert isinstance(result, TicketRejection)
    assert result.reason in REJECTION_REASONS


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_single_character_change_is_refused(data: st.DataObject) -> None:
    code = FIXED_CODE
    index = data.draw(st.integers(0, len(code) - 1))
    replacement = data.draw(st.characters(min_codepoint=0x21, max_codepoint=0x7E))
    mutated = code[:index] + replacement + code[index + 1 :]
    if mutated != code:
        result = verify_presentation(mutated, KEYS, NOW)
        assert isinstance(result, TicketRejection)
        assert result.reason in {"malformed", "bad_signature", "unknown_key", "unsupported_version"}
