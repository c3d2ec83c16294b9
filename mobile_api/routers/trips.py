"""The rider's trips (journeys from taps), with what each cost and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from mobile_api import settings as limits
from mobile_api.deps import RiderDep, language
from mobile_api.schemas.trips import TripOut, TripPage
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders import trips

router = APIRouter(prefix="/v1/trips", tags=["rider: trips"])


def trip_out(view: trips.TripView, lang: str) -> TripOut:
    return TripOut(
        trip_id=view.trip_id,
        ticket_id=view.ticket_id,
        fare_product_id=view.fare_product_id,
        mode=view.mode,
        operator_id=view.operator_id,
        route_id=view.route_id,
        from_stop_id=view.from_stop_id,
        to_stop_id=view.to_stop_id,
        started_at=view.started_at,
        ended_at=view.ended_at,
        complete=view.complete,
        charged_minor=view.charged_minor,
        currency=view.currency,
        explanation=list(view.explanation_vi if lang == "vi" else view.explanation_en),
        explanation_vi=list(view.explanation_vi),
        explanation_en=list(view.explanation_en),
    )


@router.get(
    "",
    response_model=TripPage,
    responses=problem_responses(401, 404, 422),
    summary="The rider's trips, newest first",
)
async def list_trips(
    request: Request,
    rider: RiderDep,
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> TripPage:
    async with runtime.unit_of_work() as uow:
        views, next_cursor = await trips.list_trips(uow.session, rider.rider_id, cursor=cursor, limit=limit)
    lang = language(request)
    return TripPage(items=[trip_out(v, lang) for v in views], next=next_cursor)


@router.get("/{trip_id}", response_model=TripOut, responses=problem_responses(401, 404, 422))
async def read_trip(
    request: Request, rider: RiderDep, runtime: RuntimeDep, trip_id: Annotated[str, Path(max_length=26)]
) -> TripOut:
    async with runtime.unit_of_work() as uow:
        view = await trips.get_trip(uow.session, rider.rider_id, trip_id)
    return trip_out(view, language(request))
