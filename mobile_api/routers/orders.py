"""Purchase: POST /v1/orders with an Idempotency-Key, sandbox confirmation, order status."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from mobile_api import settings as limits
from mobile_api.deps import RiderDep, enforce_rate
from mobile_api.feed import current_feed
from mobile_api.ports import purchase_ports
from mobile_api.schemas.orders import OrderIn, OrderOut, OrderPage
from ticketing.core.errors import Conflict
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.runtime import Runtime
from ticketing.service.payments.intents import complete_payment
from ticketing.service.riders import idempotency
from ticketing.service.riders.order_history import list_orders
from ticketing.service.riders.orders import OrderItem, get_order
from ticketing.service.riders.paging import check_cursor
from ticketing.service.riders.purchase import PurchasePorts, order_document, start_purchase
from ticketing.service.riders.sandbox import confirm_order_in_sandbox

router = APIRouter(prefix="/v1/orders", tags=["rider: orders"])

SCOPE = "orders"
OrderId = Annotated[str, Path(max_length=26)]


async def _replay(runtime: Runtime, rider_id: str, key: str, fp: str) -> JSONResponse | None:
    async with runtime.unit_of_work() as uow:
        stored = await idempotency.find_answer(uow.session, rider_id, SCOPE, key, fp)
    if stored is None:
        return None
    return JSONResponse(stored.body, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"})


@router.post(
    "",
    response_model=OrderOut,
    status_code=201,
    responses=problem_responses(400, 401, 402, 403, 404, 409, 422, 429, 503),
    summary="Buy tickets: creates the order and its payment; retry with the same Idempotency-Key",
)
async def create(
    body: OrderIn,
    rider: RiderDep,
    runtime: RuntimeDep,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=255, description="Any unique string per purchase attempt, e.g. a UUID"),
    ] = None,
) -> Any:
    key = idempotency.check_key(idempotency_key)
    payload = body.model_dump()
    fp = idempotency.fingerprint(payload)
    replay = await _replay(runtime, rider.rider_id, key, fp)
    if replay is not None:
        return replay
    await enforce_rate(runtime, f"orders:{rider.rider_id}", limits.ORDERS_PER_RIDER_PER_MINUTE, 60)
    items = [
        OrderItem(i.fare_product_id, i.rider_category_id, i.fare_media_id, i.quantity, i.device_key_id)
        for i in body.items
    ]
    ports = purchase_ports(runtime)
    for _ in range(RACE_ATTEMPTS):
        try:
            document = await _purchase(runtime, ports, rider.rider_id, items, key, fp)
        except (IntegrityError, Conflict) as exc:
            if isinstance(exc, Conflict) and exc.code != "payment_id_reused":
                raise
            # Another request with this key committed first (the same payment id): answer what
            # it answered, or resume its order if it has not answered yet.
            replay = await _replay(runtime, rider.rider_id, key, fp)
            if replay is not None:
                return replay
            continue
        return JSONResponse(document, status_code=201)
    raise Conflict("idempotency_conflict", "a concurrent request with this key is still running")


RACE_ATTEMPTS = 3


async def _purchase(
    runtime: Runtime, ports: PurchasePorts, rider_id: str, items: list[OrderItem], key: str, fp: str
) -> dict[str, Any]:
    """Intent, provider call, answer: three steps, no transaction open during the call."""
    async with runtime.unit_of_work() as uow:  # 1. the order and its payment intent
        feed = await current_feed(uow.session, runtime.clock)
        order = await start_purchase(uow.session, runtime.clock, ports, feed, rider_id, items,
                                     idempotency_key=key)
    if order.total_minor > 0:  # 2. the provider
        await complete_payment(runtime.unit_of_work, runtime.clock, ports.payments, ports.handlers,
                               order.payment_id)
    async with runtime.unit_of_work() as uow:  # 3. the answer, kept for replays
        order = await get_order(uow.session, rider_id, order.order_id)
        # Written once, as JSON, in the network's zone: replays answer exactly these bytes.
        document = OrderOut.model_validate(await order_document(uow.session, order)).model_dump(mode="json")
        await idempotency.store_answer(uow.session, runtime.clock, rider_id, SCOPE, key, fp,
                                       idempotency.StoredAnswer(201, document))
    return document


@router.get(
    "",
    response_model=OrderPage,
    responses=problem_responses(401, 422),
    summary="The rider's orders, newest first (order history)",
)
async def history(
    rider: RiderDep,
    runtime: RuntimeDep,
    status: Annotated[Literal["pending_payment", "paid", "failed", "expired"] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> Any:
    async with runtime.unit_of_work() as uow:
        views = await list_orders(
            uow.session, rider.rider_id, status=status, before_id=check_cursor(cursor), limit=limit + 1
        )
        items = [await order_document(uow.session, v) for v in views[:limit]]
    return {"items": items, "next": views[limit - 1].order_id if len(views) > limit else None}


@router.get(
    "/{order_id}",
    response_model=OrderOut,
    responses=problem_responses(401, 404, 422),
    summary="An order of the rider, with its payment status and issued tickets",
)
async def read(order_id: OrderId, rider: RiderDep, runtime: RuntimeDep) -> Any:
    async with runtime.unit_of_work() as uow:
        order = await get_order(uow.session, rider.rider_id, order_id)
        return await order_document(uow.session, order)


@router.post(
    "/{order_id}/sandbox-confirm",
    response_model=OrderOut,
    responses=problem_responses(400, 401, 404, 409, 422),
    summary="Complete the sandbox payment of an order (sandbox provider only; stands in for the card sheet)",
)
async def sandbox_confirm(order_id: OrderId, rider: RiderDep, runtime: RuntimeDep) -> Any:
    async with runtime.unit_of_work() as uow:
        await confirm_order_in_sandbox(
            uow.session, runtime.clock, purchase_ports(runtime), rider.rider_id, order_id
        )
    async with runtime.unit_of_work() as uow:
        order = await get_order(uow.session, rider.rider_id, order_id)
        return await order_document(uow.session, order)


@router.post(
    "/{order_id}/sandbox-decline",
    response_model=OrderOut,
    responses=problem_responses(400, 401, 404, 409, 422),
    summary="Refuse the sandbox card for an order (sandbox provider only): the order becomes failed",
)
async def sandbox_decline(order_id: OrderId, rider: RiderDep, runtime: RuntimeDep) -> Any:
    async with runtime.unit_of_work() as uow:
        await confirm_order_in_sandbox(
            uow.session, runtime.clock, purchase_ports(runtime), rider.rider_id, order_id, decline=True
        )
    async with runtime.unit_of_work() as uow:
        order = await get_order(uow.session, rider.rider_id, order_id)
        return await order_document(uow.session, order)
