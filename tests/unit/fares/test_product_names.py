"""Rider-facing product names: built from what the product is, in Vietnamese and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketing.fares.loader import load_feed
from ticketing.fares.offers import find_offer, list_offers
from ticketing.fares.product_names import amount_en, product_names

FEEDS = Path(__file__).resolve().parents[3] / "data" / "gtfs"


@pytest.mark.parametrize("feed_dir", ["hanoi", "transcollines", "zakroczym"])
def test_names_never_show_ids_or_none(feed_dir: str) -> None:
    feed = load_feed(FEEDS / feed_dir)
    offers = list_offers(feed, None, None)
    assert offers
    for offer in offers:
        names = product_names(feed, offer)
        for name in (names.vi, names.en):
            assert offer.fare_product_id not in name
            assert "none" not in name.lower()
            assert name.strip() == name
            assert name


def test_hanoi_names_tell_every_product_apart() -> None:
    feed = load_feed(FEEDS / "hanoi")
    for media in ("hanoi_metro_app", "tramoc_app", "cash_metro"):
        offers = list_offers(feed, "pho_thong", media)
        names = [product_names(feed, o) for o in offers]
        assert len({n.vi for n in names}) == len({n.en for n in names}) == len(offers)


@pytest.mark.parametrize(
    ("product", "media", "vi", "en"),
    [
        ("bus_single_8000", "tramoc_app", "Vé lượt xe buýt 8.000 ₫", "Bus single 8,000 ₫"),
        (
            "m3_single_h02", "hanoi_metro_app",
            "Vé lượt đường sắt đô thị tuyến 3, mức giá 2: 9.828 ₫", "Metro 3 single, fare band 2: 9,828 ₫",
        ),
        # The cash band is the same band: bands rank prices of one category and medium.
        (
            "m3_single_h02", "cash_metro",
            "Vé lượt đường sắt đô thị tuyến 3, mức giá 2: 10.000 ₫", "Metro 3 single, fare band 2: 10,000 ₫",
        ),
        (
            "m2a_day", "hanoi_metro_app",
            "Vé ngày đường sắt đô thị tuyến 2A 40.000 ₫", "Metro 2A day pass 40,000 ₫",
        ),
        (
            "bus_month_route_18", "tramoc_app",
            "Vé tháng xe buýt tuyến 18 140.000 ₫", "Bus 18 monthly pass 140,000 ₫",
        ),
        (
            "multimodal_month", "tramoc_app",
            "Vé 30 ngày đường sắt đô thị + xe buýt 500.000 ₫", "Metro + Bus 30-day pass 500,000 ₫",
        ),
    ],
)
def test_hanoi_names(product: str, media: str, vi: str, en: str) -> None:
    feed = load_feed(FEEDS / "hanoi")
    names = product_names(feed, find_offer(feed, product, "pho_thong", media))
    assert (names.vi, names.en) == (vi, en)


def test_english_amounts_group_with_commas() -> None:
    assert amount_en(18625, "VND") == "18,625 ₫"
    assert amount_en(123450, "PLN") == "1,234.50 PLN"
    assert amount_en(-500, "VND") == "-500 ₫"
