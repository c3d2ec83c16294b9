"""What happens when a payment succeeds, per purpose, registered by the area that owns it.

A handler runs exactly once per payment, inside the transaction that marks the payment
succeeded (so its writes and the status change commit or roll back together). The rider API
registers "order" (issue the tickets, then ``record_sale``) and "wallet_topup"
(``record_wallet_topup``). ``view.succeeded_at`` is the instant to book against.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.service.payments.view import PaymentView

PaymentSucceededHandler = Callable[[AsyncSession, PaymentView], Awaitable[None]]

PAYMENT_SUCCEEDED_HANDLERS: dict[str, PaymentSucceededHandler] = {}
