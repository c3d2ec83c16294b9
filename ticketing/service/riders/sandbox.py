"""The sandbox card sheet: the app confirms its own payment (embedded default, never production)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Rejected
from ticketing.service.payments import confirm_sandbox_payment
from ticketing.service.riders.orders import get_order
from ticketing.service.riders.purchase import PurchasePorts


async def confirm_order_in_sandbox(
    session: AsyncSession, clock: Clock, ports: PurchasePorts, rider_id: str, order_id: str,
    *, decline: bool = False,
) -> None:
    """Pay (or, with ``decline``, refuse the card for) a pending order. A failed order may be
    confirmed again (a retried card on the same payment); a declined retry changes nothing."""
    order = await get_order(session, rider_id, order_id)  # another rider's order: NotFound
    if ports.payments.name != "sandbox":
        raise Rejected("sandbox_only", "this server takes real payments; use the card sheet")
    if order.status == "paid" or (decline and order.status == "failed"):
        return  # a retried confirmation or decline changes nothing
    if order.status not in ("pending_payment", "failed"):
        raise Rejected("order_not_pending", f"the order is {order.status}")
    await confirm_sandbox_payment(
        session, clock, ports.payments, payment_id=order.payment_id, decline=decline,
        handlers=ports.handlers,
    )
