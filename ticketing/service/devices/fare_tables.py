"""The fare tables a reader needs (stop → station and areas, route → operator, product kinds),
taken from the fare feed in force."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.model import FareTables, ProductRule, StopInfo
from ticketing.core.errors import NotFound
from ticketing.fares.estimates import PaygTable, payg_estimates
from ticketing.fares.feed import Feed
from ticketing.service.fare_catalog import feed_in_force, version_id_in_force


def fare_tables_of(feed: Feed, version: str, at: datetime | None = None) -> FareTables:
    """``at`` also computes the pay-as-you-go fares readers show at the tap (distance routes)."""
    return FareTables(
        version=version,
        stops={
            stop_id: StopInfo(feed.station_of(stop_id), feed.areas_of_stop(stop_id)) for stop_id in feed.stops
        },
        route_operators={route_id: route.agency_id for route_id, route in feed.routes.items()},
        products={
            pid: ProductRule(
                kind="pass" if feed.is_pass(pid) else "single",
                operator_ids=frozenset(feed.operators_of_product(pid)),
            )
            for pid in feed.products
        },
        payg=_payg(feed, version, at) if at is not None else {},
        timezone=feed.timezone_name,
    )


# Pay-as-you-go estimates per (catalogue version, local day): a few hundred quotes, made once a day.
_payg_cache: OrderedDict[tuple[str, str], PaygTable] = OrderedDict()
_PAYG_CACHE_SIZE = 8


def _payg(feed: Feed, version: str, at: datetime) -> PaygTable:
    key = (version, at.astimezone(feed.timezone).date().isoformat())
    found = _payg_cache.get(key)
    if found is None:
        found = payg_estimates(feed, at)
        _payg_cache[key] = found
        while len(_payg_cache) > _PAYG_CACHE_SIZE:
            _payg_cache.popitem(last=False)
    return found


async def fare_tables_in_force(session: AsyncSession, at: datetime) -> FareTables:
    """Empty tables (nothing refused as ``not_valid_here``) when no catalogue is in force."""
    version = await version_id_in_force(session, at)
    if version is None:
        return FareTables()
    try:
        feed = await feed_in_force(session, at)
    except NotFound:
        return FareTables()
    return fare_tables_of(feed, version, at)
