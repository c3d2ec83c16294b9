"""Pay-as-you-go fares a reader can show at the tap, computed on the server from the feed.

For every route with trips: from each boarding station, the fare to every later station of a trip
(the final fare at tap-off) and the fare to the route end (``"*"``: the estimate at tap-on, which
is also what a missing tap-off costs). Priced with the feed's default rider category, no held
passes and no caps, at the given instant (so a free zone in force that day is included).
"""

from __future__ import annotations

from datetime import datetime

from ticketing.core.errors import DomainError
from ticketing.fares.feed import Feed
from ticketing.fares.journey import Journey, JourneyLeg
from ticketing.fares.quote import quote_journey

ROUTE_END = "*"
PaygTable = dict[str, dict[str, dict[str, int]]]  # route -> from station -> to station | "*" -> amount


def _fare(feed: Feed, leg: JourneyLeg) -> int | None:
    try:
        quote = quote_journey(feed, Journey(legs=(leg,), best_fare=False))
    except DomainError:
        return None
    return quote.total_minor if quote.complete else None


def payg_estimates(feed: Feed, at: datetime) -> PaygTable:
    table: PaygTable = {}
    for route_id in sorted(feed.routes):
        for trip in feed.trips_of_route(route_id):
            stops = trip.stop_ids
            for i, board in enumerate(stops[:-1]):
                row = table.setdefault(route_id, {}).setdefault(feed.station_of(board), {})
                if ROUTE_END not in row:
                    end = _fare(feed, JourneyLeg(route_id, board, "", at, at, tapped_off=False))
                    if end is not None:
                        row[ROUTE_END] = end
                for alight in stops[i + 1 :]:
                    key = feed.station_of(alight)
                    if key in row or key == feed.station_of(board):
                        continue
                    fare = _fare(feed, JourneyLeg(route_id, board, alight, at, at, trip_id=trip.trip_id))
                    if fare is not None:
                        row[key] = fare
    return table
