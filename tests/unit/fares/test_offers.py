"""Offers (what a rider can buy, at which price) and pass validity windows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ticketing.core.errors import NotFound, Rejected
from ticketing.fares.feed import Feed
from ticketing.fares.loader import load_feed
from ticketing.fares.offers import PassValidity, ProductOffer, find_offer, list_offers
from ticketing.fares.validity import pass_window

HANOI = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def hanoi() -> Feed:
    return load_feed(HANOI)


def test_metro_month_pass_for_priority_rider(hanoi: Feed) -> None:
    assert find_offer(hanoi, "m2a_month", "uu_tien", "hanoi_metro_app") == ProductOffer(
        fare_product_id="m2a_month",
        fare_product_name="Vé tháng tuyến 2A",
        rider_category_id="uu_tien",
        fare_media_id="hanoi_metro_app",
        amount_minor=140000,
        currency="VND",
        validity=PassValidity("from_issue", 30),
        operator_ids=("HANOI_METRO",),
        area_bound=False,
    )


def test_single_uses_the_default_category_and_is_area_bound(hanoi: Feed) -> None:
    offer = find_offer(hanoi, "m2a_single_h03", None, "cash_metro")
    assert (offer.rider_category_id, offer.amount_minor, offer.validity, offer.area_bound) == (
        "pho_thong",
        11000,
        None,
        True,
    )


def test_empty_media_row_applies_to_any_medium(hanoi: Feed) -> None:
    offer = find_offer(hanoi, "multimodal_month", "pho_thong", "tramoc_card")
    assert (offer.amount_minor, offer.fare_media_id, offer.operator_ids) == (
        500000,
        "tramoc_card",
        ("HANOI_METRO", "HN_BUS"),
    )
    assert offer.validity == PassValidity("from_issue", 30)


def test_empty_category_row_applies_to_every_category(hanoi: Feed) -> None:
    offer = find_offer(hanoi, "free_promo", "uu_tien", None)
    assert (offer.rider_category_id, offer.amount_minor, offer.operator_ids) == (
        "uu_tien",
        0,
        ("HANOI_METRO", "HN_BUS"),
    )


def test_bus_pass_validity_and_scope(hanoi: Feed) -> None:
    offer = find_offer(hanoi, "bus_month_route_18", "tap_the", "tramoc_app")
    assert (offer.amount_minor, offer.validity, offer.operator_ids) == (
        100000,
        PassValidity("calendar_month", None),
        ("HN_BUS",),
    )


@pytest.mark.parametrize(
    ("product", "category", "media", "code"),
    [
        ("nope", None, None, "fare_product_unknown"),
        ("m2a_month", "nguoi_cao_tuoi", None, "product_not_offered"),
        ("bus_single_8000", "tap_the", None, "product_not_offered"),
        ("m2a_day", "pho_thong", "cash_metro", "product_not_offered"),
        ("m2a_day", "vip", None, "product_not_offered"),
    ],
)
def test_not_offered(hanoi: Feed, product: str, category: str | None, media: str | None, code: str) -> None:
    with pytest.raises((NotFound, Rejected)) as exc:
        find_offer(hanoi, product, category, media)
    assert exc.value.code == code


def test_list_offers_for_a_rider(hanoi: Feed) -> None:
    offers = {o.fare_product_id: o for o in list_offers(hanoi, "uu_tien", "hanoi_metro_app")}
    assert offers["m2a_month"].amount_minor == 140000
    assert offers["m2a_single_h11"].amount_minor == 18625
    assert "bus_month_interline" not in offers  # sold on Tramoc media only
    assert offers["bus_single_20000"].amount_minor == 20000
    assert "multimodal_month" not in offers  # pho_thong only


@pytest.mark.parametrize(
    ("kind", "days", "start", "until"),
    [
        ("operating_day", 1, datetime(2025, 10, 14, 8, 0, tzinfo=TZ), datetime(2025, 10, 15, tzinfo=TZ)),
        (
            "from_activation",
            7,
            datetime(2025, 10, 14, 8, 0, tzinfo=TZ),
            datetime(2025, 10, 21, 8, 0, tzinfo=TZ),
        ),
        ("from_issue", 30, datetime(2025, 10, 14, 8, 0, tzinfo=TZ), datetime(2025, 11, 13, 8, 0, tzinfo=TZ)),
        ("calendar_month", None, datetime(2025, 12, 31, 23, 0, tzinfo=TZ), datetime(2026, 1, 1, tzinfo=TZ)),
    ],
)
def test_pass_windows(kind: str, days: int | None, start: datetime, until: datetime) -> None:
    valid_from, valid_until = pass_window(PassValidity(kind, days), start, TZ)
    assert valid_until == until
    assert valid_from <= start < valid_until
