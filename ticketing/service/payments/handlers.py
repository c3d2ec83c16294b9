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

The handlers are not a global registry: the composition root builds one :class:`PaymentHandlers`
(``runtime.payment_handlers``) and passes it to every payments call that may move a payment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.service.payments.view import PaymentView

FailureOutcome = Literal["failed", "canceled"]

PaymentSucceededHandler = Callable[[AsyncSession, PaymentView], Awaitable[None]]
PaymentFailedHandler = Callable[[AsyncSession, PaymentView, FailureOutcome, str | None], Awaitable[None]]



@dataclass(frozen=True, slots=True)
class PaymentHandlers:
    """What each payment purpose ("order", "wallet_topup") does on success and on failure."""

    succeeded: Mapping[str, PaymentSucceededHandler] = field(default_factory=dict)
    failed: Mapping[str, PaymentFailedHandler] = field(default_factory=dict)

    def replacing(
        self, purpose: str, *, succeeded: PaymentSucceededHandler | None = None,
        failed: PaymentFailedHandler | None = None,
    ) -> PaymentHandlers:
        """A copy with ``purpose``'s success and/or failure handler replaced (tests, wiring)."""
        new_succeeded = dict(self.succeeded)
        new_failed = dict(self.failed)
        if succeeded is not None:
            new_succeeded[purpose] = succeeded
        if failed is not None:
            new_failed[purpose] = failed
        return PaymentHandlers(succeeded=new_succeeded, failed=new_failed)
