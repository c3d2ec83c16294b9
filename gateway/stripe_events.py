"""Stripe webhook intake: signature verification on the raw body, then a typed event.

Both providers receive Stripe-format events at ``POST /v1/webhooks/stripe`` (the sandbox is a
stand-in for Stripe), so this parser is shared. Without a configured secret nothing is accepted.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from gateway.port import WebhookEvent

# The only events acted on; anything else is acknowledged and dropped.
ALLOWED_EVENT_TYPES = frozenset({
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.processing",
    "charge.succeeded",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.closed",
    "payout.paid",
    "payout.failed",
})

SIGNATURE_TOLERANCE_S = 300


class WebhookRejected(Exception):
    """The delivery is not a genuine, well-formed event from the provider."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def verify_and_parse(raw_body: bytes, signature: str | None, secret: str | None) -> WebhookEvent:
    """Check the ``Stripe-Signature`` header against the raw body and parse the event."""
    if not secret:
        raise WebhookRejected("webhook_disabled", "no webhook secret is configured")
    if not signature:
        raise WebhookRejected("bad_signature", "the Stripe-Signature header is missing")
    try:
        text = raw_body.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookRejected("bad_signature", "the body is not UTF-8") from None
    import stripe  # here, not at module level: the SDK is slow to import and only this needs it

    try:
        stripe.WebhookSignature.verify_header(text, signature, secret, SIGNATURE_TOLERANCE_S)
    except stripe.SignatureVerificationError:
        raise WebhookRejected("bad_signature", "the signature does not match the body") from None
    return parse_event(text)


def parse_event(text: str) -> WebhookEvent:
    try:
        doc: Any = json.loads(text)
        obj = doc["data"]["object"]
        event = WebhookEvent(
            event_id=_text(doc["id"]),
            type=_text(doc["type"]),
            object_type=_text(obj["object"]),
            object_id=_text(obj["id"]),
            created_at=datetime.fromtimestamp(int(doc["created"]), UTC),
            payload=doc,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise WebhookRejected("event_malformed", f"not a Stripe event: {exc}") from None
    return event


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 128:
        raise ValueError(f"expected an id string, got {value!r}")
    return value


def is_allowed(event_type: str) -> bool:
    return event_type in ALLOWED_EVENT_TYPES
