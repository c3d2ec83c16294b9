"""The Hanoi feed's 2026 data: trips with distances, the ring area, passes, caps and free days."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.fares.kit import at, quote
from ticketing.admission.model import FareTables
from ticketing.admission.snapshot_doc import fares_from_doc, fares_to_doc
from ticketing.fares.estimates import payg_estimates
from ticketing.fares.journey import HeldProduct, Journey, JourneyLeg, PriorCharge
from ticketing.fares.loader import load_feed
from ticketing.fares.quote import quote_journey

HANOI = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
TZ = "Asia/Ho_Chi_Minh"
FEED = load_feed(HANOI)


def _leg(route: str, a: str, b: str, when: str) -> JourneyLeg:
    return JourneyLeg(route, a, b, at(when, TZ), at(when, TZ))


def test_demo_routes_have_trips_with_distances() -> None:
    routes = {t.route_id for t in FEED.trips.values()}
    assert routes == {"BUS_18", "BUS_26", "BUS_32", "BUS_BRT01", "METRO_2A", "METRO_3"}
    assert all(d is not None for t in FEED.trips.values() for d in t.distance_units)
    assert FEED.trips["BUS_26_out"].distance_units[-1] == 18.2  # sourced route length
    assert FEED.trips["METRO_2A_out"].distance_units[-1] == 13.05


def test_stops_inside_the_ring_are_in_area_vanh_dai_1() -> None:
    assert "vanh_dai_1" in FEED.areas_of_stop("B_LONG_BIEN")
    assert "vanh_dai_1" in FEED.areas_of_stop("M2A_01_P")  # through its station
    assert "vanh_dai_1" not in FEED.areas_of_stop("B_DH_KTQD")
    assert FEED.areas_of_stop("M2A_01_P") >= {"area_2a_01", "vanh_dai_1"}


@pytest.mark.parametrize(
    ("when", "product", "amount"),
    [
        ("2025-10-14 08:00", "bus_single_10000", 10000),  # 2025 flat band fare unchanged
        ("2026-06-24 08:00", "bus_single_10000", 10000),  # the day before the 2026 fares
        ("2026-06-25 08:00", "bus_km_18", 11100),
        ("2025-08-31 08:00", "free_promo", 0),
        ("2026-02-22 23:00", "free_promo", 0),
        ("2026-02-23 08:00", "bus_single_10000", 10000),
    ],
)
def test_fare_by_date(when: str, product: str, amount: int) -> None:
    q = quote(FEED, _leg("BUS_26", "B_MAI_DONG", "B_SVD_QG", when))
    assert (q.legs[0].fare_product_id, q.total_minor) == (product, amount)


def test_routes_without_trips_keep_the_flat_fare_in_2026() -> None:
    q = quote(FEED, _leg("BUS_34", "B_MY_DINH", "B_GIA_LAM", "2026-07-02 08:00"))
    assert (q.legs[0].fare_product_id, q.total_minor) == ("bus_single_10000", 10000)


@pytest.mark.parametrize(
    ("product", "category", "amount"),
    [
        ("bus_day_2026", "pho_thong", 30000),
        ("bus_week_2026", "pho_thong", 120000),
        ("bus_metro_day_2026", "pho_thong", 50000),
        ("bus_metro_week_2026", "pho_thong", 200000),
        ("pass_12m_2026", "uu_tien", 2820000),
        ("pass_12m_2026", "pho_thong", 5640000),
    ],
)
def test_new_pass_prices(product: str, category: str, amount: int) -> None:
    rows = {r.rider_category_id: r.amount_minor for r in FEED.products[product]}
    assert rows.get(category, rows.get(None)) == amount
    assert FEED.is_pass(product)


@pytest.mark.parametrize("pass_id", ["bus_day_2026", "bus_metro_day_2026", "pass_12m_2026"])
def test_new_passes_cover_bus_legs_in_2026(pass_id: str) -> None:
    held = HeldProduct(pass_id, at("2026-07-02 00:00", TZ), at("2026-07-03 00:00", TZ))
    leg = _leg("BUS_32", "B_NHON", "B_GIAP_BAT", "2026-07-02 08:00")
    result = quote_journey(FEED, Journey(legs=(leg,), held_products=(held,)))
    assert (result.legs[0].covered_by, result.total_minor) == (pass_id, 0)


def test_bus_day_cap_equals_the_bus_day_pass() -> None:
    legs = [
        _leg("BUS_32", "B_NHON", "B_GIAP_BAT", f"2026-06-26 {h:02d}:00") for h in (6, 9, 12, 15)
    ]  # 4 x 12,900 = 51,600 of bus alone
    q = quote(FEED, *legs)
    assert (q.uncapped_total_minor, q.total_minor) == (51600, 30000)
    assert q.caps_applied == ("cap_bus_day",)


def test_bus_week_cap_counts_prior_charges() -> None:
    prior = tuple(
        PriorCharge(at(f"2026-06-{d} 08:00", TZ), 30000, "net_bus_32", "lg_bus_km") for d in (22, 23, 24, 25)
    )
    q = quote_journey(
        FEED,
        Journey(legs=(_leg("BUS_32", "B_NHON", "B_GIAP_BAT", "2026-06-26 08:00"),), prior_charges=prior),
    )
    assert q.total_minor == 0
    assert q.legs[0].cap_id == "cap_bus_week"


def test_payg_estimates_for_readers() -> None:
    before_ring = payg_estimates(FEED, at("2026-06-26 08:00", TZ))
    assert before_ring["METRO_2A"]["M2A_12"]["*"] == 19050  # 13.05 km to Cát Linh
    assert before_ring["METRO_2A"]["M2A_12"]["M2A_01"] == 19050
    assert before_ring["BUS_32"]["B_CAU_GIAY"]["*"] == 8400  # the longer way: to Giáp Bát
    ring = payg_estimates(FEED, at("2026-07-01 08:00", TZ))
    assert ring["BUS_18"]["B_BA_TRIEU"]["B_LONG_BIEN"] == 0  # wholly inside Ring Road 1
    assert "BUS_34" not in ring  # no trips: nothing to estimate
    fares = fares_from_doc(fares_to_doc(FareTables(version="v", payg=ring)))
    assert fares.payg["BUS_18"]["B_BA_TRIEU"]["B_LONG_BIEN"] == 0
    assert fares.timezone == "Asia/Ho_Chi_Minh"
