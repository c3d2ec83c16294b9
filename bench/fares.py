"""Fare engine benchmark: legs priced per second on the Hanoi feed, and how the per-leg cost grows
on a synthetic feed with 10x the rules and areas (goal <= 1.5: matching is indexed, not a scan).

Run: .venv/bin/python bench/fares.py [--legs N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ticketing.fares.feed import Feed  # noqa: E402
from ticketing.fares.join import EffectiveLeg  # noqa: E402
from ticketing.fares.journey import Journey, JourneyLeg  # noqa: E402
from ticketing.fares.loader import build_feed  # noqa: E402
from ticketing.fares.matching import timeframe_matches  # noqa: E402
from ticketing.fares.model import LegRule  # noqa: E402
from ticketing.fares.quote import quote_journey  # noqa: E402
from ticketing.fares.source import read_source  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COPIED = ("routes.txt", "networks.txt", "route_networks.txt", "stops.txt", "areas.txt", "stop_areas.txt",
          "fare_leg_rules.txt")
TOKEN = re.compile(r"\b(net_[a-z0-9_]+|BUS_[A-Z0-9]+|METRO_[A-Z0-9]+|M2A_\d+(?:_P)?|M3_S\d+(?:_P)?|"
                   r"area_[a-z0-9_]+|B_[A-Z_]+)\b")


def synthetic(files: dict[str, bytes], copies: int) -> dict[str, bytes]:
    """The Hanoi feed with every network, route, stop, area and leg rule copied ``copies`` times."""
    out = dict(files)
    for name in COPIED:
        header, *rows = files[name].decode("utf-8-sig").splitlines()
        lines = [header, *rows]
        for k in range(1, copies):
            for row in rows:
                renamed = TOKEN.sub(lambda m, k=k: f"{m.group(1)}_k{k}", row)  # type: ignore[misc]
                if renamed != row:
                    lines.append(renamed)
        out[name] = ("\n".join(lines) + "\n").encode()
    return out


def journeys(feed: Feed, n: int, seed: int = 7) -> list[Journey]:
    rng = random.Random(seed)
    buses = [r for r in feed.routes if r.startswith("BUS_")]
    bus_stops = [s for s in feed.stops if s.startswith("B_")]
    lines: dict[str, list[str]] = {}
    for stop in feed.stops:
        if stop.endswith("_P") or "_P_k" in stop:
            parent = feed.stops[stop].parent_station or ""
            suffix = parent.split("_k")[1] if "_k" in parent else ""
            base = "METRO_2A" if stop.startswith("M2A") else "METRO_3"
            route = f"{base}_k{suffix}" if suffix else base
            if stop.startswith("M3_S") and int(stop[4:6]) > 8:
                continue
            lines.setdefault(route, []).append(stop)
    out = []
    start = datetime(2025, 10, 14, 6, 0, tzinfo=TZ)
    for _ in range(n):
        t = start + timedelta(minutes=rng.randrange(0, 16 * 60))
        if rng.random() < 0.5:
            leg = JourneyLeg(rng.choice(buses), rng.choice(bus_stops), rng.choice(bus_stops), t, t)
        else:
            route = rng.choice(sorted(lines))
            a, b = rng.sample(lines[route], 2)
            leg = JourneyLeg(route, a, b, t, t + timedelta(minutes=20))
        out.append(Journey(legs=(leg,), rider_category="pho_thong", fare_media="hanoi_metro_app"))
    return out


def scan_match(feed: Feed, leg: EffectiveLeg) -> list[LegRule]:
    """What an unindexed engine does: test every rule (baseline for comparison only)."""
    froms, tos = feed.areas_of_stop(leg.from_stop_id), feed.areas_of_stop(leg.to_stop_id)
    found = []
    for rule in feed.leg_rules:
        if rule.network_id is not None and rule.network_id != leg.network_id:
            continue
        if rule.from_area_id is not None and rule.from_area_id not in froms:
            continue
        if rule.to_area_id is not None and rule.to_area_id not in tos:
            continue
        tf = rule.from_timeframe_group_id
        if tf is not None and not timeframe_matches(feed, tf, leg.departure, TZ):
            continue
        found.append(rule)
    return found


def per_item_s(fn: Callable[[], object], items: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best / items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--legs", type=int, default=5000)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    files = read_source(ROOT / "data" / "gtfs" / "hanoi")
    hanoi, _ = build_feed(files)
    big, report = build_feed(synthetic(files, args.copies))
    assert hanoi is not None
    assert big is not None, report.errors[:3]
    small_j, big_j = journeys(hanoi, args.legs), journeys(big, args.legs)
    for feed, js in ((hanoi, small_j), (big, big_j)):
        unknown = sum(1 for j in js if quote_journey(feed, j).total_minor is None)
        assert unknown == 0, f"{unknown} legs without a fare"
    small = per_item_s(lambda: [quote_journey(hanoi, j) for j in small_j], args.legs)
    large = per_item_s(lambda: [quote_journey(big, j) for j in big_j], args.legs)

    def effective(feed: Feed, j: Journey) -> EffectiveLeg:
        leg = j.legs[0]
        return EffectiveLeg((0,), feed.network_of_route(leg.route_id), leg.from_stop_id, leg.to_stop_id,
                            leg.departure, leg.arrival)

    small_eff = [effective(hanoi, j) for j in small_j]
    big_eff = [effective(big, j) for j in big_j]
    scan_small = per_item_s(lambda: [scan_match(hanoi, e) for e in small_eff], args.legs)
    scan_large = per_item_s(lambda: [scan_match(big, e) for e in big_eff], args.legs)
    print(f"hanoi feed: {len(hanoi.leg_rules)} leg rules, {len(hanoi.areas)} areas")
    print(f"synthetic feed: {len(big.leg_rules)} leg rules, {len(big.areas)} areas ({args.copies}x)")
    print(f"legs priced per second (full quote, Hanoi): {1 / small:,.0f}")
    print(f"legs priced per second (full quote, synthetic): {1 / large:,.0f}")
    print(f"per-leg cost ratio synthetic / Hanoi (indexed engine, goal <= 1.5): {large / small:.2f}")
    print(f"per-leg cost ratio synthetic / Hanoi (rule scan, for comparison): {scan_large / scan_small:.2f}")
    print(f"indexed full quote vs bare rule scan on the synthetic feed: {large / scan_large:.2f}x the time")


if __name__ == "__main__":
    main()
