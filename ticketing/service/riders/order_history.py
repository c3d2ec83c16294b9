"""The rider's orders, newest first (keyset pages over the order id, a ULID)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.db.models.orders import Order
from ticketing.service.riders.orders import OrderView, get_order


async def list_orders(
    session: AsyncSession,
    rider_id: str,
    *,
    status: str | None = None,
    before_id: str | None = None,
    limit: int = 20,
) -> list[OrderView]:
    """At most ``limit`` orders of this rider older than ``before_id``; never another rider's."""
    query = select(Order.id).where(Order.rider_id == rider_id)
    if status is not None:
        query = query.where(Order.status == status)
    if before_id is not None:
        query = query.where(Order.id < before_id)
    ids = list(await session.scalars(query.order_by(Order.id.desc()).limit(limit)))
    return [await get_order(session, rider_id, order_id) for order_id in ids]
