"""Webhook verification and parsing, and provider amount units (no network)."""

from __future__ import annotations

import json
import time

import pytest
import stripe

from gateway.amounts import from_stripe_amount, to_stripe_amount
from gateway.stripe_events import WebhookRejected, is_allowed, verify_and_parse

SECRET = "whsec_unit"


def _body(**extra: object) -> str:
    doc = {
        "id": "evt_1",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {"object": {"id": "pi_1", "object": "payment_intent"}},
        **extra,
    }
    return json.dumps(doc)


def test_valid_signature_parses_the_event() -> None:
    body = _body()
    header = stripe.WebhookSignature.generate_signature_header(body, SECRET)
    event = verify_and_parse(body.encode(), header, SECRET)
    assert (event.event_id, event.type, event.object_type, event.object_id) == (
        "evt_1",
        "payment_intent.succeeded",
        "payment_intent",
        "pi_1",
    )


@pytest.mark.parametrize(
    ("header", "secret", "code"),
    [
        (None, SECRET, "bad_signature"),
        ("", SECRET, "bad_signature"),
        ("t=1,v1=deadbeef", SECRET, "bad_signature"),
        ("garbage", SECRET, "bad_signature"),
        ("whatever", None, "webhook_disabled"),
        ("whatever", "", "webhook_disabled"),
    ],
)
def test_refusals(header: str | None, secret: str | None, code: str) -> None:
    with pytest.raises(WebhookRejected) as exc:
        verify_and_parse(_body().encode(), header, secret)
    assert exc.value.code == code


def test_stale_and_tampered_are_refused() -> None:
    body = _body()
    stale = stripe.WebhookSignature.generate_signature_header(body, SECRET, int(time.time()) - 3600)
    with pytest.raises(WebhookRejected):
        verify_and_parse(body.encode(), stale, SECRET)
    header = stripe.WebhookSignature.generate_signature_header(body, SECRET)
    with pytest.raises(WebhookRejected):
        verify_and_parse(body.replace("pi_1", "pi_2").encode(), header, SECRET)


def test_signed_but_malformed_event() -> None:
    body = json.dumps({"id": "evt_1", "type": "x"})
    header = stripe.WebhookSignature.generate_signature_header(body, SECRET)
    with pytest.raises(WebhookRejected) as exc:
        verify_and_parse(body.encode(), header, SECRET)
    assert exc.value.code == "event_malformed"


def test_allow_list() -> None:
    assert is_allowed("charge.dispute.closed")
    assert not is_allowed("customer.created")


@pytest.mark.parametrize(
    ("minor", "currency", "stripe_amount"), [(18625, "VND", 18625), (1250, "PLN", 1250), (500, "JPY", 500)]
)
def test_amount_units_round_trip(minor: int, currency: str, stripe_amount: int) -> None:
    assert to_stripe_amount(minor, currency) == stripe_amount
    assert from_stripe_amount(stripe_amount, currency.lower()) == minor


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown currency"):
        to_stripe_amount(100, "XXX")
