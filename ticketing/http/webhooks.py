"""``POST /v1/webhooks/stripe``: provider events, verified on the raw body before anything else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel

from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.payments.webhooks import handle_webhook

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

MAX_BODY_BYTES = 512 * 1024


class WebhookAck(BaseModel):
    received: bool
    event_id: str
    event_type: str
    status: str
    outcome: str | None


@router.post(
    "/stripe",
    response_model=WebhookAck,
    responses=problem_responses(400, 422, 503),
    summary="Stripe events (signed with the endpoint secret; refused when none is configured)",
)
async def stripe_webhook(
    request: Request,
    runtime: RuntimeDep,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> WebhookAck:
    provider = runtime.payments
    secret = runtime.payments_webhook_secret
    if provider is None:
        raise Unavailable("payments_not_configured", "no payment provider is configured")
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise InvalidInput("payload_too_large", "webhook body too large")
    outcome = await handle_webhook(
        runtime.unit_of_work, runtime.clock, provider, raw_body=raw, signature=stripe_signature,
        secret=secret, handlers=runtime.payment_handlers,
    )
    if outcome.status == "failed":
        # Not 2xx: the provider delivers the event again; the worker's upkeep retries it too.
        raise Unavailable("webhook_handling_failed",
                          f"event {outcome.event_id} is stored but not applied yet: {outcome.outcome}")
    return WebhookAck(received=True, event_id=outcome.event_id, event_type=outcome.event_type,
                      status=outcome.status, outcome=outcome.outcome)
