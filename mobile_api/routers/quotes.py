"""Price a journey with the fare feed in force (the quote contract, docs/decisions.md §4)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mobile_api.deps import OptionalRiderDep
from mobile_api.feed import current_feed
from mobile_api.schemas.quotes import JourneyIn, QuoteOut
from ticketing.core.errors import Unauthenticated
from ticketing.fares.quote import parse_journey, quote_journey, quote_to_json
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders.tickets import held_passes

router = APIRouter(prefix="/v1", tags=["rider: quotes"])


@router.post(
    "/quotes",
    response_model=QuoteOut,
    responses=problem_responses(400, 401, 422, 503),
    summary="What a journey costs, leg by leg, with transfers, caps and an explanation",
)
async def quote(
    body: JourneyIn,
    runtime: RuntimeDep,
    rider: OptionalRiderDep,
    use_my_passes: Annotated[
        bool, Query(description="Add the rider's live passes to held_products (needs a bearer token)")
    ] = False,
) -> QuoteOut:
    document: dict[str, Any] = body.model_dump(exclude_none=True)
    async with runtime.unit_of_work() as uow:
        if use_my_passes:
            if rider is None:
                raise Unauthenticated("unauthenticated", "use_my_passes needs a rider bearer token")
            document["held_products"] = [
                *document.get("held_products", []),
                *[
                    {
                        "fare_product_id": p.fare_product_id,
                        "valid_from": p.valid_from.isoformat(),
                        "valid_until": p.valid_until.isoformat(),
                    }
                    for p in await held_passes(uow.session, rider.rider_id)
                ],
            ]
        feed = await current_feed(uow.session, runtime.clock)
    journey = parse_journey(document)
    return QuoteOut.from_document(dict(quote_to_json(quote_journey(feed, journey))))
