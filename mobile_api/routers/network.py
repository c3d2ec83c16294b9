"""Rider categories, fare media, routes and stops of the feed in force: what the app picks from."""

from __future__ import annotations

from fastapi import APIRouter

from mobile_api.feed import current_feed
from mobile_api.schemas.network import (
    FareMediaOut,
    NetworkOut,
    RiderCategoryOut,
    RouteOut,
    StopOut,
)
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["rider: catalogue"])


@router.get(
    "/network",
    response_model=NetworkOut,
    responses=problem_responses(503),
    summary="Routes and stops of the fare feed in force (for journey pickers)",
)
async def network(runtime: RuntimeDep) -> NetworkOut:
    async with runtime.unit_of_work() as uow:
        feed = await current_feed(uow.session, runtime.clock)
    routes = [
        RouteOut(
            route_id=r.route_id,
            agency_id=r.agency_id,
            network_id=r.network_id,
            short_name=r.short_name,
            long_name=r.long_name,
        )
        for r in sorted(feed.routes.values(), key=lambda r: r.route_id)
    ]
    stops = [
        StopOut(stop_id=s.stop_id, name=s.name, station=s.location_type == 1)
        for s in sorted(feed.stops.values(), key=lambda s: s.stop_id)
        if s.location_type == 1 or (s.location_type == 0 and s.parent_station is None)
    ]
    categories = [
        RiderCategoryOut(rider_category_id=c.rider_category_id, name=c.name, is_default=c.is_default)
        for c in feed.rider_categories.values()
    ]
    media = [
        FareMediaOut(fare_media_id=m.fare_media_id, name=m.name, fare_media_type=m.media_type)
        for m in feed.fare_media.values()
    ]
    return NetworkOut(
        feed_version=feed.feed_version,
        rider_categories=categories,
        fare_media=media,
        routes=routes,
        stops=stops,
    )
