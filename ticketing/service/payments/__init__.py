"""Payments: creating them with a provider, their success, refunds and webhook intake."""

from ticketing.service.payments.handlers import (
    FailureOutcome,
    PaymentFailedHandler,
    PaymentHandlers,
    PaymentSucceededHandler,
)
from ticketing.service.payments.payments import (
    cancel_payment,
    confirm_sandbox_payment,
    create_payment,
    get_payment,
    sync_payment,
)
from ticketing.service.payments.refunds import refund_payment
from ticketing.service.payments.view import PaymentView
from ticketing.service.payments.webhooks import WebhookOutcome, handle_webhook

__all__ = [
    "FailureOutcome",
    "PaymentFailedHandler",
    "PaymentHandlers",
    "PaymentSucceededHandler",
    "PaymentView",
    "WebhookOutcome",
    "cancel_payment",
    "confirm_sandbox_payment",
    "create_payment",
    "get_payment",
    "handle_webhook",
    "refund_payment",
    "sync_payment",
]
