"""A reader is placed on the network in force: its operator, stop and route must be the feed's."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.errors import InvalidInput, NotFound
from ticketing.fares.feed import Feed
from ticketing.service.fare_catalog import feed_in_force


def check_placement(feed: Feed, *, operator_id: str, stop_id: str | None, route_id: str | None) -> None:
    """Raises InvalidInput (422) for an operator, stop or route the feed does not have."""
    if operator_id not in feed.agencies:
        known = ", ".join(sorted(feed.agencies))
        detail = f"no operator {operator_id!r} in the fare feed (known: {known})"
        raise InvalidInput("operator_unknown", detail)
    if stop_id is not None and stop_id not in feed.stops:
        raise InvalidInput("stop_unknown", f"no stop {stop_id!r} in the fare feed")
    if route_id is not None:
        route = feed.routes.get(route_id)
        if route is None:
            raise InvalidInput("route_unknown", f"no route {route_id!r} in the fare feed")
        if route.agency_id != operator_id:
            raise InvalidInput("route_unknown", f"route {route_id!r} belongs to {route.agency_id}")


async def check_placement_in_force(
    session: AsyncSession, at: datetime, *, operator_id: str, stop_id: str | None, route_id: str | None
) -> None:
    """As ``check_placement`` against the feed in force; with no feed yet there is nothing to check."""
    try:
        feed = await feed_in_force(session, at)
    except NotFound:
        return
    check_placement(feed, operator_id=operator_id, stop_id=stop_id, route_id=route_id)
