"""Times in API answers: RFC 3339 with the network's offset, set per request at the edge.

A router dependency finds the network's zone (the feed in force, cached for a minute) and puts it
in a context variable; response fields typed ``LocalTime`` are written in that zone when the answer
is serialised. Services hand out aware datetimes and never format them.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from datetime import datetime
from typing import Annotated
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from pydantic import AfterValidator
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from ticketing.core.timefmt import DEFAULT_NETWORK_ZONE, in_zone
from ticketing.http.deps import RuntimeDep
from ticketing.service.network_zone import network_zone

ZONE_CACHE_S = 60.0
_zone: ContextVar[ZoneInfo] = ContextVar("vexe_network_zone", default=DEFAULT_NETWORK_ZONE)
_cache: WeakKeyDictionary[AsyncEngine, tuple[ZoneInfo, float]] = WeakKeyDictionary()


def current_zone() -> ZoneInfo:
    return _zone.get()


def _in_network_zone(value: datetime) -> datetime:
    return in_zone(value, _zone.get())


# Every time an API answer carries: aware, in the network's zone (e.g. +07:00 in Hanoi).
LocalTime = Annotated[datetime, AfterValidator(_in_network_zone)]


async def use_network_zone(runtime: RuntimeDep) -> ZoneInfo:
    """Router dependency: the network's zone for this request (a minute's cache per database)."""
    cached = _cache.get(runtime.engine)
    if cached is not None and cached[1] > time.monotonic():
        zone = cached[0]
    else:
        try:
            async with runtime.unit_of_work() as uow:
                zone = await network_zone(uow.session, runtime.clock.now())
        except SQLAlchemyError:
            zone = DEFAULT_NETWORK_ZONE  # the request itself will report the database
        _cache[runtime.engine] = (zone, time.monotonic() + ZONE_CACHE_S)
    _zone.set(zone)
    return zone


def forget_network_zone(engine: AsyncEngine) -> None:
    """After a feed is activated the next request reads the zone again."""
    _cache.pop(engine, None)
