"""Property tests (hypothesis): unrelated rules, totals, caps."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.fares.kit import make_feed
from ticketing.fares.feed import Feed
from ticketing.fares.journey import HeldProduct, Journey, JourneyLeg, PriorCharge
from ticketing.fares.loader import build_feed
from ticketing.fares.quote import quote_journey, quote_to_json
from ticketing.fares.source import read_source

HANOI = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FILES = read_source(HANOI)


def _variant(extra_rule: str, networks: str = "", areas: str = "", products: str = "") -> Feed:
    files = dict(FILES)
    files["fare_leg_rules.txt"] = FILES["fare_leg_rules.txt"] + extra_rule.encode()
    files["networks.txt"] = FILES["networks.txt"] + networks.encode()
    files["areas.txt"] = FILES["areas.txt"] + areas.encode()
    files["fare_products.txt"] = FILES["fare_products.txt"] + products.encode()
    feed, report = build_feed(files)
    assert feed is not None, report.errors
    return feed


BASE = _variant("")
UNRELATED = [
    # a network no route belongs to, at the highest priority, with a free product
    _variant("lg_x,net_ghost,,,,,free_promo,99\n", networks="net_ghost,Ghost\n"),
    # an area no stop is in, empty network
    _variant("lg_x,,area_ghost,,,,free_promo,50\n", areas="area_ghost,Ghost\n"),
    _variant(",,,area_ghost,,,bus_single_8000,0\n", areas="area_ghost,Ghost\n"),
    # a new product on a ghost network, every category
    _variant(
        "lg_bus,net_ghost,,,,,ghost_single,\n",
        networks="net_ghost,Ghost\n",
        products="ghost_single,Ghost,,,1,VND\n",
    ),
]

BUS = ["BUS_18", "BUS_BRT01", "BUS_26", "BUS_32", "BUS_34", "BUS_01", "BUS_90", "BUS_74", "BUS_86"]
CATEGORIES = [None, "pho_thong", "uu_tien", "tap_the", "nguoi_cao_tuoi"]
MEDIA = [None, "cash_metro", "hanoi_metro_app", "tramoc_card", "cemv"]
PASSES = ["m2a_month", "m3_day", "bus_month_interline", "bus_month_route_26", "multimodal_month"]


@st.composite
def hanoi_leg(draw: st.DrawFn) -> tuple[str, str, str]:
    kind = draw(st.sampled_from(["bus", "2a", "3"]))
    if kind == "bus":
        return draw(st.sampled_from(BUS)), "B_KIM_MA", "B_YEN_NGHIA"
    if kind == "2a":
        a, b = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        return "METRO_2A", f"M2A_{a:02d}_P", f"M2A_{b:02d}_P"
    a, b = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    return "METRO_3", f"M3_S{a:02d}_P", f"M3_S{b:02d}_P"


@st.composite
def hanoi_journey(draw: st.DrawFn) -> Journey:
    start = datetime(2025, 8, 28, tzinfo=TZ) + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
    legs = []
    t = start
    for route, a, b in draw(st.lists(hanoi_leg(), min_size=1, max_size=5)):
        ride = timedelta(minutes=draw(st.integers(0, 90)))
        legs.append(JourneyLeg(route, a, b, t, t + ride))
        t = t + ride + timedelta(minutes=draw(st.integers(0, 200)))
    held = tuple(
        HeldProduct(p, start - timedelta(days=1), start + timedelta(days=draw(st.integers(0, 40))))
        for p in draw(st.lists(st.sampled_from(PASSES), max_size=2, unique=True))
    )
    return Journey(
        legs=tuple(legs),
        rider_category=draw(st.sampled_from(CATEGORIES)),
        fare_media=draw(st.sampled_from(MEDIA)),
        held_products=held,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=hanoi_journey(), variant=st.sampled_from(UNRELATED))
def test_an_unrelated_rule_never_changes_a_price(journey: Journey, variant: Feed) -> None:
    # Everything but the wording: product names are built from the product's rules, so a rule
    # that widens a product (an empty network) may rename it without changing any price.
    def priced(feed: Feed) -> dict[str, object]:
        document = quote_to_json(quote_journey(feed, journey))
        return {k: v for k, v in document.items() if not k.startswith("explanation")}

    assert priced(variant) == priced(BASE)


@settings(max_examples=150, deadline=None)
@given(journey=hanoi_journey())
def test_hanoi_total_is_the_sum_of_legs_and_transfers(journey: Journey) -> None:
    q = quote_journey(BASE, journey)
    amounts = [leg.amount_minor for leg in q.legs] + [t.amount_minor for t in q.transfers]
    assert q.complete == all(a is not None for a in amounts)
    if q.complete:
        assert q.total_minor == sum(a for a in amounts if a is not None)
        assert all(leg.amount_minor is not None and leg.amount_minor >= 0 for leg in q.legs)
    else:
        assert q.total_minor is None


def _generic(types: tuple[int, int, int], products: tuple[str, str, str]) -> Feed:
    rules = "from_leg_group_id,to_leg_group_id,transfer_count,duration_limit,duration_limit_type,"
    rules += "fare_transfer_type,fare_product_id\n"
    rules += f"gA,gB,,3600,1,{types[0]},{products[0]}\n"
    rules += f"gB,gA,,3600,3,{types[1]},{products[1]}\n"
    rules += f"gA,gA,2,5400,0,{types[2]},{products[2]}\n"
    return make_feed(
        routes="route_id,agency_id,route_type,network_id\nrA,A,3,nA\nrB,A,3,nB\nrC,A,3,nC\n",
        stops="stop_id,stop_name\ns1,1\ns2,2\n",
        fare_products="fare_product_id,amount,currency\npA,200,USD\npB,300,USD\ndisc,-50,USD\nfee,25,USD\n".replace(
            "200,", "2.00,"
        )
        .replace("300,", "3.00,")
        .replace("-50,", "-0.50,")
        .replace("25,", "0.25,"),
        fare_leg_rules="leg_group_id,network_id,fare_product_id\ngA,nA,pA\ngB,nB,pB\n",
        fare_transfer_rules=rules,
    )


GENERIC = {
    (t, p): _generic(t, p)
    for t in [(0, 1, 2), (1, 2, 0), (2, 0, 1), (2, 2, 2), (0, 0, 0), (1, 1, 1)]
    for p in [("", "fee", "disc"), ("fee", "", "")]
}


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(sorted(GENERIC)),
    routes=st.lists(st.sampled_from(["rA", "rB", "rC"]), min_size=1, max_size=6),
    gaps=st.lists(st.integers(0, 80), min_size=6, max_size=6),
)
def test_total_is_the_sum_of_legs_and_transfer_products(
    key: tuple[tuple[int, int, int], tuple[str, str, str]], routes: list[str], gaps: list[int]
) -> None:
    t = datetime(2026, 3, 10, 8, 0, tzinfo=ZoneInfo("America/Vancouver"))
    legs = []
    for route, gap in zip(routes, gaps, strict=False):
        legs.append(JourneyLeg(route, "s1", "s2", t, t + timedelta(minutes=gap // 2)))
        t += timedelta(minutes=gap)
    q = quote_journey(GENERIC[key], Journey(legs=tuple(legs)))
    amounts = [leg.amount_minor for leg in q.legs] + [x.amount_minor for x in q.transfers]
    if "rC" in routes:
        assert q.total_minor is None
        return
    assert q.total_minor == sum(a for a in amounts if a is not None)
    for x in q.transfers:
        assert x.to_index == x.from_index + 1


CAPS = make_feed(
    tz="Asia/Ho_Chi_Minh",
    routes="route_id,agency_id,route_type,network_id\nbus,A,3,n_bus\nrail,A,1,n_rail\n",
    stops="stop_id,stop_name\ns1,1\ns2,2\n",
    fare_products="fare_product_id,amount,currency\nbus_single,8000,VND\nrail_single,15000,VND\n",
    fare_leg_rules="leg_group_id,network_id,fare_product_id\ng_bus,n_bus,bus_single\ng_rail,n_rail,rail_single\n",
    x_fare_caps="cap_id,network_id,period,amount,currency\nday,,day,30000,VND\nweek,,week_rolling,100000,VND\n"
    "month,n_rail,month_calendar,150000,VND\n",
)
CAP_LIMITS = {"day": 30000, "week": 100000}


@settings(max_examples=200, deadline=None)
@given(
    rides=st.lists(
        st.tuples(st.sampled_from(["bus", "rail"]), st.integers(0, 60 * 24 * 9)), min_size=1, max_size=12
    ),
    prior=st.lists(st.tuples(st.integers(-60 * 24 * 9, 0), st.integers(0, 20000)), max_size=5),
)
def test_capped_totals_never_exceed_the_cap_nor_the_uncapped_total(
    rides: list[tuple[str, int]], prior: list[tuple[int, int]]
) -> None:
    start = datetime(2026, 3, 10, 6, 0, tzinfo=TZ)
    legs = tuple(
        JourneyLeg(route, "s1", "s2", start + timedelta(minutes=m), start + timedelta(minutes=m))
        for route, m in sorted(rides, key=lambda r: r[1])
    )
    priors = tuple(PriorCharge(start + timedelta(minutes=m), a, None, None) for m, a in prior)
    q = quote_journey(CAPS, Journey(legs=legs, prior_charges=priors))
    assert q.total_minor is not None
    assert q.uncapped_total_minor is not None
    assert 0 <= q.total_minor <= q.uncapped_total_minor
    charged = [(leg.departure, x.amount_minor or 0) for leg, x in zip(legs, q.legs, strict=True)]
    assert all(a >= 0 for _, a in charged)
    history = [(p.at, p.amount_minor) for p in priors]
    for day in {d.astimezone(TZ).date() for d, _ in charged}:
        new = sum(a for d, a in charged if d.astimezone(TZ).date() == day)
        old = sum(a for d, a in history if d.astimezone(TZ).date() == day)
        assert new <= max(CAP_LIMITS["day"] - old, 0) or new == 0
        assert new + old <= max(CAP_LIMITS["day"], old)
    for end, _ in charged:
        window = [a for d, a in charged + history if end - timedelta(days=7) < d <= end]
        old = sum(a for d, a in history if end - timedelta(days=7) < d <= end)
        assert sum(window) <= max(CAP_LIMITS["week"], old)
