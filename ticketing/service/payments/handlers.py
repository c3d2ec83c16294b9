"""What happens when a payment succeeds or fails, per purpose, registered by the area that owns it.

A success handler runs exactly once per payment, inside the transaction that marks the payment
succeeded (so its writes and the status change commit or roll back together). The rider API
registers "order" (issue the tickets, then ``record_sale``) and "wallet_topup"
(``record_wallet_topup``). ``view.succeeded_at`` is the instant to book against.

A failure handler runs exactly once when the payment first becomes ``failed`` or ``canceled``
(whichever comes first), in the transaction that flips the status; it gets the outcome and the
provider's failure code. It must write nothing to the ledger. A failed payment may still succeed
later (Stripe lets the rider retry a card on the same PaymentIntent): the success handler then
runs once as usual, and must accept an order or top-up that a failure handler marked failed.
A succeeded payment never goes back to failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.service.payments.view import PaymentView

FailureOutcome = Literal["failed", "canceled"]

PaymentSucceededHandler = Callable[[AsyncSession, PaymentView], Awaitable[None]]
PaymentFailedHandler = Callable[[AsyncSession, PaymentView, FailureOutcome, str | None], Awaitable[None]]

PAYMENT_SUCCEEDED_HANDLERS: dict[str, PaymentSucceededHandler] = {}
PAYMENT_FAILED_HANDLERS: dict[str, PaymentFailedHandler] = {}
