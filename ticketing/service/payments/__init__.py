"""Payments: creating them with a provider, their success, refunds and webhook intake."""

from ticketing.service.payments.handlers import PAYMENT_SUCCEEDED_HANDLERS, PaymentSucceededHandler
from ticketing.service.payments.payments import (
    confirm_sandbox_payment,
    create_payment,
    get_payment,
    sync_payment,
)
from ticketing.service.payments.refunds import refund_payment
from ticketing.service.payments.view import PaymentView
from ticketing.service.payments.webhooks import WebhookOutcome, handle_webhook

__all__ = [
    "PAYMENT_SUCCEEDED_HANDLERS",
    "PaymentSucceededHandler",
    "PaymentView",
    "WebhookOutcome",
    "confirm_sandbox_payment",
    "create_payment",
    "get_payment",
    "handle_webhook",
    "refund_payment",
    "sync_payment",
]
