"""Hanoi journeys derived from data/gtfs/hanoi/README.md (bands, metro by station count and
medium, free categories, transfers, held passes, the National Day timeframe, unknown fares)."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from tests.unit.fares.kit import leg, quote
from ticketing.fares.feed import Feed
from ticketing.fares.loader import load_feed
from ticketing.fares.quote import parse_journey, quote_journey, quote_to_json

HANOI = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
TZ = "Asia/Ho_Chi_Minh"
DAY = "2025-10-14"


@pytest.fixture(scope="module")
def hanoi() -> Feed:
    return load_feed(HANOI)


def bus(route: str, at: str = f"{DAY} 08:00") -> Any:
    return leg(route, "B_DH_KTQD", "B_LONG_BIEN", at, tz=TZ)


def m2a(a: int, b: int, at: str = f"{DAY} 09:00") -> Any:
    return leg("METRO_2A", f"M2A_{a:02d}_P", f"M2A_{b:02d}_P", at, tz=TZ)


def m3(a: int, b: int, at: str = f"{DAY} 10:00") -> Any:
    return leg("METRO_3", f"M3_S{a:02d}_P", f"M3_S{b:02d}_P", at, tz=TZ)


def test_design_section_4_document(hanoi: Feed) -> None:
    doc = {
        "rider_category": "pho_thong",
        "fare_media": "hanoi_metro_app",
        "held_products": [
            {
                "fare_product_id": "m2a_month",
                "valid_from": "2025-10-01T00:00:00+07:00",
                "valid_until": "2025-10-31T00:00:00+07:00",
            }
        ],
        "legs": [
            {
                "route_id": "BUS_18",
                "from_stop_id": "B_DH_KTQD",
                "to_stop_id": "B_LONG_BIEN",
                "departure": "2025-10-14T08:00:00+07:00",
                "arrival": "2025-10-14T08:30:00+07:00",
            }
        ],
    }
    out = quote_to_json(quote_journey(hanoi, parse_journey(doc)))
    json.dumps(out)
    assert (out["currency"], out["total_minor"], out["complete"]) == ("VND", 8000, True)
    first = out["legs"][0]
    assert {k: first[k] for k in ("index", "fare_product_id", "amount_minor", "rule", "covered_by")} == {
        "index": 0,
        "fare_product_id": "bus_single_8000",
        "amount_minor": 8000,
        "rule": "fare_leg_rules.txt:2",
        "covered_by": None,
    }
    assert out["transfers"] == []
    assert out["explanation"][-1] == "Total 8.000 ₫."


@pytest.mark.parametrize(
    ("route", "product", "amount"),
    [
        ("BUS_18", "bus_single_8000", 8000),
        ("BUS_BRT01", "bus_single_8000", 8000),
        ("BUS_26", "bus_single_10000", 10000),
        ("BUS_32", "bus_single_10000", 10000),
        ("BUS_34", "bus_single_10000", 10000),
        ("BUS_01", "bus_single_12000", 12000),
        ("BUS_90", "bus_single_15000", 15000),
        ("BUS_74", "bus_single_20000", 20000),
    ],
)
def test_bus_single_by_route_band(hanoi: Feed, route: str, product: str, amount: int) -> None:
    q = quote(hanoi, bus(route), rider_category="pho_thong", fare_media="cash_bus")
    assert (q.legs[0].fare_product_id, q.total_minor) == (product, amount)


def test_priority_riders_pay_the_full_bus_single(hanoi: Feed) -> None:
    assert quote(hanoi, bus("BUS_26"), rider_category="uu_tien").total_minor == 10000


@pytest.mark.parametrize(
    "category", ["nguoi_cao_tuoi", "tre_em_duoi_6", "nguoi_khuyet_tat", "nguoi_co_cong", "ho_ngheo"]
)
def test_free_categories_ride_bus_and_metro_free(hanoi: Feed, category: str) -> None:
    q = quote(hanoi, bus("BUS_74"), m2a(1, 12), m3(1, 8), rider_category=category, fare_media="cash_metro")
    assert q.complete
    assert q.total_minor == 0


@pytest.mark.parametrize(
    ("a", "b", "app", "cash"),
    [
        (1, 2, 8595, 9000),
        (1, 12, 18625, 19000),
        (3, 7, 11604, 12000),
        (12, 1, 18625, 19000),
        (2, 11, 16619, 17000),
        (6, 5, 8595, 9000),
    ],
)
def test_metro_2a_single_by_stations_and_medium(hanoi: Feed, a: int, b: int, app: int, cash: int) -> None:
    assert quote(hanoi, m2a(a, b), fare_media="hanoi_metro_app").total_minor == app
    assert quote(hanoi, m2a(a, b), fare_media="cash_metro").total_minor == cash
    assert quote(hanoi, m2a(a, b), fare_media="cemv").total_minor == app


@pytest.mark.parametrize(
    ("a", "b", "product", "app", "cash"),
    [
        (1, 2, "m3_single_h01", 8935, 9000),
        (1, 8, "m3_single_h07", 14290, 15000),
        (5, 2, "m3_single_h03", 10720, 11000),
        (4, 8, "m3_single_h04", 11613, 12000),
    ],
)
def test_metro_3_single_by_stations_and_medium(
    hanoi: Feed, a: int, b: int, product: str, app: int, cash: int
) -> None:
    q = quote(hanoi, m3(a, b), rider_category="uu_tien", fare_media="cccd")
    assert (q.legs[0].fare_product_id, q.total_minor) == (product, app)
    assert quote(hanoi, m3(a, b), fare_media="cash_metro").total_minor == cash


def test_metro_without_medium_uses_the_cheapest_row(hanoi: Feed) -> None:
    assert quote(hanoi, m2a(1, 2)).total_minor == 8595


def test_metro_3_underground_section_has_no_single_fare(hanoi: Feed) -> None:
    q = quote(hanoi, m3(8, 9))
    assert q.legs[0].amount_minor is None
    assert q.legs[0].reason == "pass_required"
    assert quote(hanoi, m3(8, 9), held=[held("m3_month")]).total_minor == 0
    assert (q.complete, q.total_minor) == (False, None)
    assert "fare unknown" in q.explanation[0]


def test_unknown_route_is_an_unknown_fare(hanoi: Feed) -> None:
    q = quote(hanoi, leg("BUS_86", "B_DH_KTQD", "B_NOI_BAI", f"{DAY} 08:00", tz=TZ))
    assert (q.legs[0].reason, q.total_minor) == ("unknown_route", None)


def test_bus_then_metro_is_the_sum_of_legs(hanoi: Feed) -> None:
    q = quote(hanoi, bus("BUS_18"), m2a(1, 12), m3(1, 8), fare_media="hanoi_metro_app")
    assert q.total_minor == 8000 + 18625 + 14290
    assert [t.rule for t in q.transfers] == ["fare_transfer_rules.txt:3", "fare_transfer_rules.txt:7"]
    assert all(t.fare_transfer_type == 1 and t.amount_minor == 0 for t in q.transfers)
    # Riders read names: the category's name, product names, "no transfer fee" — never an id or "none".
    for line in (*q.explanation, *q.explanation_vi):
        assert "none" not in line
        assert "pho_thong" not in line
        assert "bus_single" not in line
    assert "no transfer fee" in q.explanation[-3]
    assert "không tính phí chuyển tuyến" in q.explanation_vi[-3]
    assert "Phổ thông (không ưu tiên)" in q.explanation[0]


def test_three_buses_in_a_row(hanoi: Feed) -> None:
    q = quote(hanoi, bus("BUS_18"), bus("BUS_26", f"{DAY} 08:40"), bus("BUS_74", f"{DAY} 09:30"))
    assert q.total_minor == 8000 + 10000 + 20000
    assert [t.rule for t in q.transfers] == ["fare_transfer_rules.txt:2"] * 2


MONTH = ("2025-10-01T00:00:00+07:00", "2025-10-31T00:00:00+07:00")


def held(product: str, start: str = MONTH[0], end: str = MONTH[1]) -> tuple[str, Any, Any]:
    from ticketing.core.clock import parse_aware

    return (product, parse_aware(start), parse_aware(end))


def test_held_line_pass_covers_only_its_line(hanoi: Feed) -> None:
    q = quote(hanoi, m2a(1, 12), m3(1, 8), fare_media="hanoi_metro_app", held=[held("m2a_month")])
    assert [x.covered_by for x in q.legs] == ["m2a_month", None]
    assert q.total_minor == 14290


def test_expired_pass_does_not_cover(hanoi: Feed) -> None:
    expired = held("m2a_month", "2025-09-01T00:00:00+07:00", "2025-10-01T00:00:00+07:00")
    q = quote(hanoi, m2a(1, 2), fare_media="hanoi_metro_app", held=[expired])
    assert (q.legs[0].covered_by, q.total_minor) == (None, 8595)


def test_pass_valid_until_is_exclusive(hanoi: Feed) -> None:
    day = held("m2a_day", "2025-10-14T00:00:00+07:00", "2025-10-14T09:00:00+07:00")
    assert quote(hanoi, m2a(1, 2, f"{DAY} 08:59:59"), held=[day]).total_minor == 0
    assert quote(hanoi, m2a(1, 2, f"{DAY} 09:00:00"), held=[day]).total_minor == 8595


def test_interline_bus_pass_covers_every_bus(hanoi: Feed) -> None:
    q = quote(hanoi, bus("BUS_74"), bus("BUS_90", f"{DAY} 09:00"), held=[held("bus_month_interline")])
    assert q.total_minor == 0


def test_single_route_pass_covers_only_its_route(hanoi: Feed) -> None:
    q = quote(hanoi, bus("BUS_18"), bus("BUS_26", f"{DAY} 09:00"), held=[held("bus_month_route_18")])
    assert [x.amount_minor for x in q.legs] == [0, 10000]


def test_multimodal_pass_covers_bus_and_both_lines(hanoi: Feed) -> None:
    q = quote(hanoi, bus("BUS_01"), m2a(1, 12), m3(1, 8), held=[held("multimodal_month")])
    assert q.total_minor == 0
    assert {x.covered_by for x in q.legs} == {"multimodal_month"}


def test_group_category_has_no_single_fare_but_rides_on_its_pass(hanoi: Feed) -> None:
    q = quote(hanoi, bus("BUS_18"), rider_category="tap_the")
    assert (q.legs[0].reason, q.total_minor) == ("no_price_for_rider", None)
    assert (
        quote(hanoi, bus("BUS_18"), rider_category="tap_the", held=[held("bus_month_interline")]).total_minor
        == 0
    )


@pytest.mark.parametrize(
    ("when", "free"),
    [
        ("2025-08-29 23:59:59", False),
        ("2025-08-30 00:00:00", True),
        ("2025-09-02 23:59:59", True),
        ("2025-09-03 00:00:00", False),
    ],
)
def test_national_day_timeframe_boundaries(hanoi: Feed, when: str, free: bool) -> None:
    q = quote(hanoi, bus("BUS_74", when), m2a(1, 12, when), fare_media="cash_metro")
    assert q.total_minor == (0 if free else 20000 + 19000)
    assert (q.legs[0].fare_product_id == "free_promo") is free
    if free:
        assert q.legs[0].rule == "fare_leg_rules.txt:230"
        assert q.transfers == ()


def test_national_day_uses_local_time_not_utc(hanoi: Feed) -> None:
    from datetime import datetime

    # 2025-08-29T17:30Z is 00:30 on 30 Aug in Hanoi: free
    departure = datetime(2025, 8, 29, 17, 30, tzinfo=UTC)
    from ticketing.fares.journey import Journey, JourneyLeg

    q = quote_journey(
        hanoi, Journey(legs=(JourneyLeg("BUS_18", "B_DH_KTQD", "B_LONG_BIEN", departure, departure),))
    )
    assert q.total_minor == 0


def test_bad_rider_category_is_bad_input(hanoi: Feed) -> None:
    from ticketing.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        quote(hanoi, bus("BUS_18"), rider_category="vip")
