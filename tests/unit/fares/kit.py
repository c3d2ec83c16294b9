"""Small feeds written inline for the engine tests, and journey helpers."""

from __future__ import annotations

from datetime import datetime
from textwrap import dedent
from typing import Any
from zoneinfo import ZoneInfo

from ticketing.fares.feed import Feed
from ticketing.fares.journey import HeldProduct, Journey, JourneyLeg
from ticketing.fares.loader import build_feed
from ticketing.fares.problems import FeedReport
from ticketing.fares.quote import Quote, quote_journey

AGENCY = "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,https://example.org,{tz}\n"


def files(tz: str = "America/Vancouver", **tables: str) -> dict[str, bytes]:
    out = {"agency.txt": AGENCY.format(tz=tz).encode()}
    for name, text in tables.items():
        out[f"{name}.txt"] = dedent(text).lstrip("\n").encode()
    return out


def make_feed(tz: str = "America/Vancouver", **tables: str) -> Feed:
    feed, report = build_feed(files(tz, **tables))
    assert feed is not None, [str(p) for p in report.errors]
    return feed


def report_of(tz: str = "America/Vancouver", **tables: str) -> FeedReport:
    return build_feed(files(tz, **tables))[1]


def at(text: str, tz: str = "America/Vancouver") -> datetime:
    """'2026-03-10 10:00' in the given zone."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def leg(
    route: str, start: str, end: str, dep: str, arr: str | None = None, tz: str = "America/Vancouver"
) -> JourneyLeg:
    departure = at(dep, tz)
    return JourneyLeg(route, start, end, departure, at(arr, tz) if arr else departure)


def quote(feed: Feed, *legs: JourneyLeg, **kw: Any) -> Quote:
    held = tuple(HeldProduct(*h) for h in kw.pop("held", ()))
    return quote_journey(feed, Journey(legs=tuple(legs), held_products=held, **kw))
