"""Caps progress: how much of each fare cap the rider's pay-as-you-go journeys have used."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from mobile_api import settings as limits
from mobile_api.deps import RiderDep, language
from mobile_api.feed import current_feed
from mobile_api.paging import next_offset, parse_offset
from mobile_api.schemas.caps import CapProgressOut, CapProgressPage
from ticketing.core.clock import parse_aware
from ticketing.core.errors import InvalidInput
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders.caps import CapProgress, caps_progress

router = APIRouter(prefix="/v1/caps", tags=["rider: caps"])


def cap_out(item: CapProgress, lang: str) -> CapProgressOut:
    return CapProgressOut(
        cap_id=item.cap_id,
        name=item.name,
        period=item.period,
        period_start=item.period_start,
        period_end=item.period_end,
        amount_minor=item.amount_minor,
        charged_minor=item.charged_minor,
        remaining_minor=item.remaining_minor,
        currency=item.currency,
        rider_category_id=item.rider_category_id,
        fare_media_id=item.fare_media_id,
        message=item.sentence_vi if lang == "vi" else item.sentence_en,
    )


@router.get(
    "",
    response_model=CapProgressPage,
    responses=problem_responses(401, 422, 503),
    summary="Progress towards each fare cap that applies to the rider, in the current period",
)
async def list_caps(
    request: Request,
    rider: RiderDep,
    runtime: RuntimeDep,
    at: Annotated[
        str | None, Query(max_length=40, description="ISO 8601 with an offset; default now")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> CapProgressPage:
    offset = parse_offset(cursor)
    try:
        when = parse_aware(at) if at is not None else runtime.clock.now()
    except ValueError:
        raise InvalidInput("at_invalid", "`at` is an ISO 8601 time with a UTC offset") from None
    async with runtime.unit_of_work() as uow:
        feed = await current_feed(uow.session, runtime.clock)
        items = await caps_progress(uow.session, feed, rider_id=rider.rider_id, at=when)
    lang = language(request)
    return CapProgressPage(
        at=when.astimezone(feed.timezone),
        items=[cap_out(i, lang) for i in items[offset : offset + limit]],
        next=next_offset(offset, limit, len(items)),
    )
