"""The deny-list readers download: revoked and refunded tickets still within validity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.http.deps import RuntimeDep
from ticketing.service import scoping
from ticketing.service.tickets import current_version, list_denylist

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Reader = Annotated[ConsoleUser, Depends(staff(*scoping.OPERATIONS_ROLES))]
PAGE_SIZE = 100


@router.get("/denylist", name="denylist")
async def denylist(
    request: Request, runtime: RuntimeDep, user: Reader,
    after: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    async with runtime.unit_of_work() as uow:
        version = await current_version(uow.session)
        products = await scoping.denylist_products(uow.session, runtime.clock, user.principal)
        items = await list_denylist(uow.session, limit=PAGE_SIZE, after_version=after,
                                    fare_product_ids=products)  # an operator: its products' tickets
    return page(request, "denylist.html", {
        "version": version, "items": items,
        "next": items[-1].added_version if len(items) == PAGE_SIZE else None,
    })
