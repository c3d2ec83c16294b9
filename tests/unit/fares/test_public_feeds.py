"""Expected outcomes tabulated in the SOURCE.md of the two public feeds (transcollines, zakroczym)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.fares.kit import leg, quote
from ticketing.fares.feed import Feed
from ticketing.fares.loader import check_feed, load_feed

DATA = Path(__file__).resolve().parents[3] / "data" / "gtfs"
MONTREAL = "America/Montreal"
WARSAW = "Europe/Warsaw"


@pytest.fixture(scope="module")
def transcollines() -> Feed:
    return load_feed(DATA / "transcollines")


@pytest.fixture(scope="module")
def zakroczym() -> Feed:
    return load_feed(DATA / "zakroczym")


@pytest.mark.parametrize(
    ("route", "board", "alight", "day", "rule", "amount"),
    [
        ("921", "F213-01", "FL912-18", "2026-03-10", "fare_leg_rules.txt:5", 500),
        ("910", "F134-01", "F912-51", "2026-03-10", "fare_leg_rules.txt:8", 2000),
        ("910", "F134-01", "F103-04", "2026-03-10", "fare_leg_rules.txt:7", 500),
        ("940", "F411-01", "F411-19", "2026-03-10", "fare_leg_rules.txt:5", 500),
        ("921", "F912-26", "FL912-18", "2026-03-10", None, None),
        ("921", "F213-01", "FL912-18", "2026-09-01", None, None),
    ],
)
def test_transcollines(
    transcollines: Feed, route: str, board: str, alight: str, day: str, rule: str | None, amount: int | None
) -> None:
    q = quote(transcollines, leg(route, board, alight, f"{day} 07:30", tz=MONTREAL))
    assert q.legs[0].rule == rule
    assert q.total_minor == amount
    assert q.currency == "CAD"
    assert q.complete is (amount is not None)


ZAK = [
    ("Z1", "100", "101", "fare_leg_rules.txt:2", "single_ride_zone1_normal", 0),
    ("Z1", "100", "117-2", "fare_leg_rules.txt:5", "single_ride_zones12_normal", 400),
    ("Z1", "119", "100", "fare_leg_rules.txt:6", "single_ride_zones12_normal", 400),
    ("Z1", "100", "120", "fare_leg_rules.txt:7", "single_ride_zones13_normal", 500),
    ("Z1", "117-2", "120", "fare_leg_rules.txt:9", "single_ride_zones23_normal", 400),
    ("Z1", "120", "121", "fare_leg_rules.txt:4", "single_ride_zone3_normal", 0),
    ("Z2", "200", "219", "fare_leg_rules.txt:7", "single_ride_zones13_normal", 500),
]


@pytest.mark.parametrize(("route", "board", "alight", "rule", "product", "amount"), ZAK)
def test_zakroczym(
    zakroczym: Feed, route: str, board: str, alight: str, rule: str, product: str, amount: int
) -> None:
    q = quote(zakroczym, leg(route, board, alight, "2026-03-10 08:00", tz=WARSAW))
    assert (q.legs[0].rule, q.legs[0].fare_product_id, q.total_minor, q.currency) == (
        rule,
        product,
        amount,
        "PLN",
    )


def test_zakroczym_two_legs_without_transfer_rules(zakroczym: Feed) -> None:
    q = quote(
        zakroczym,
        leg("Z1", "100", "117-2", "2026-03-10 08:00", tz=WARSAW),
        leg("Z1", "117-2", "120", "2026-03-10 08:30", tz=WARSAW),
    )
    assert q.total_minor == 800
    assert q.transfers == ()
    assert quote(zakroczym, leg("Z1", "100", "120", "2026-03-10 08:00", tz=WARSAW)).total_minor == 500


def test_zakroczym_quirks(zakroczym: Feed) -> None:
    report = check_feed(DATA / "zakroczym")
    assert report.errors == ()
    assert [str(w) for w in report.warnings] == [
        "fare_products.txt:9: rider_category_id: product 'monthly_discount' has no default rider category"
        " among its categories"
    ]
    assert "monthly_normal" in zakroczym.products
    senior = quote(zakroczym, leg("Z1", "100", "120", "2026-03-10 08:00", tz=WARSAW), rider_category="3")
    assert senior.legs[0].reason == "no_price_for_rider"
    assert senior.total_minor is None


def test_feed_vietnamese_and_polish_names_round_trip(zakroczym: Feed) -> None:
    assert zakroczym.product_name("single_ride_zones12_normal") == "Przejazd Zakroczym ⇔ Modlin-Twierdza"
    hanoi = load_feed(DATA / "hanoi")
    assert hanoi.stops["M3_S06"].name == "Ga Đại học Quốc gia (S6, tuyến 3)"
