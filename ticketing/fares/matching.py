"""Matching one (effective) leg against fare_leg_rules, through the feed's index.

Both readings of empty fields are implemented, chosen per file by whether the ``rule_priority``
column exists (docs/fares.md §2, "Match"): with it, an empty field is a wildcard and only the
highest-priority matches are kept; without it, an empty network/area matches every value not named
in that column. Timeframes are checked in the local time of the stop (stop_timezone, else the
feed's), on the calendar day of the event.
"""

from __future__ import annotations

from datetime import datetime
from itertools import product
from zoneinfo import ZoneInfo

from ticketing.fares.feed import Feed
from ticketing.fares.join import EffectiveLeg
from ticketing.fares.model import LegRule


def timeframe_matches(feed: Feed, group_id: str, when: datetime, zone: ZoneInfo) -> bool:
    local = when.astimezone(zone)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    day = local.date()
    for frame in feed.timeframes.get(group_id, ()):
        if frame.start_s <= seconds < frame.end_s:
            service = feed.services.get(frame.service_id)
            if service is not None and service.active_on(day):
                return True
    return False


def _keys(value: str | None, named: frozenset[str], priority: bool) -> list[str | None]:
    if priority:
        return [value, None] if value is not None else [None]
    return [value] if value is not None and value in named else [None]


def _area_keys(areas: frozenset[str], named: frozenset[str], priority: bool) -> list[str | None]:
    if priority:
        return [*sorted(areas), None]
    explicit = sorted(areas & named)
    return list(explicit) if explicit else [None]


def match_leg(feed: Feed, leg: EffectiveLeg) -> tuple[LegRule, ...]:
    """The selected rules (alternative products) for the leg; empty when its fare is unknown."""
    index = feed.leg_index
    nets = _keys(leg.network_id, index.named_networks, index.priority)
    froms = _area_keys(feed.areas_of_stop(leg.from_stop_id), index.named_from_areas, index.priority)
    tos = _area_keys(feed.areas_of_stop(leg.to_stop_id), index.named_to_areas, index.priority)
    start_zone: ZoneInfo | None = None
    end_zone: ZoneInfo | None = None
    tf_cache: dict[tuple[str, bool], bool] = {}
    found: list[LegRule] = []
    for key in product(nets, froms, tos):
        for rule in index.by_key.get(key, ()):
            if rule.from_timeframe_group_id is not None:
                cache_key = (rule.from_timeframe_group_id, True)
                if cache_key not in tf_cache:
                    start_zone = start_zone or feed.zone_of_stop(leg.from_stop_id)
                    tf_cache[cache_key] = timeframe_matches(
                        feed, rule.from_timeframe_group_id, leg.departure, start_zone
                    )
                if not tf_cache[cache_key]:
                    continue
            if rule.to_timeframe_group_id is not None:
                cache_key = (rule.to_timeframe_group_id, False)
                if cache_key not in tf_cache:
                    end_zone = end_zone or feed.zone_of_stop(leg.to_stop_id)
                    tf_cache[cache_key] = timeframe_matches(
                        feed, rule.to_timeframe_group_id, leg.arrival, end_zone
                    )
                if not tf_cache[cache_key]:
                    continue
            found.append(rule)
    if index.priority and found:
        top = max(r.rule_priority for r in found)
        found = [r for r in found if r.rule_priority == top]
    return tuple(sorted(found, key=lambda r: r.line))
