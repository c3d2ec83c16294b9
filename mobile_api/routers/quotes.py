"""Price a journey with the fare feed in force (the DESIGN §4 quote contract)."""

from __future__ import annotations

from fastapi import APIRouter

from mobile_api.feed import current_feed
from mobile_api.schemas.quotes import JourneyIn, QuoteOut
from ticketing.fares.quote import parse_journey, quote_journey, quote_to_json
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["rider: quotes"])


@router.post(
    "/quotes",
    response_model=QuoteOut,
    responses=problem_responses(400, 422, 503),
    summary="What a journey costs, leg by leg, with transfers, caps and an explanation",
)
async def quote(body: JourneyIn, runtime: RuntimeDep) -> QuoteOut:
    journey = parse_journey(body.model_dump(exclude_none=True))
    async with runtime.unit_of_work() as uow:
        feed = await current_feed(uow.session, runtime.clock)
    return QuoteOut.from_document(dict(quote_to_json(quote_journey(feed, journey))))
