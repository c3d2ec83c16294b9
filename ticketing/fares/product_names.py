"""Rider-facing product names in Vietnamese and English, built from what the product is.

Feeds name products in one language, sometimes not at all, and never in a way that tells two
single rides apart in the other language. A name here says the mode (from the routes' GTFS
``route_type``), the line when the product covers one, the kind (single, day, N-day, monthly pass),
the fare band of a single priced by origin and destination (its rank by price among the singles
of the same lines), and the price: "Vé lượt xe buýt 8.000 ₫" / "Bus single 8,000 ₫".
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketing.core.money import format_amount
from ticketing.fares.feed import Feed
from ticketing.fares.offers import PassValidity, ProductOffer
from ticketing.fares.pricing import resolve_row

# GTFS route_type -> (vi, en)
_MODES: dict[int, tuple[str, str]] = {
    0: ("tàu điện", "Tram"),
    1: ("đường sắt đô thị", "Metro"),
    2: ("tàu hỏa", "Rail"),
    3: ("xe buýt", "Bus"),
    4: ("phà", "Ferry"),
    11: ("xe buýt điện", "Trolleybus"),
    12: ("tàu một ray", "Monorail"),
}
_ANY_MODE = ("giao thông công cộng", "Transit")


@dataclass(frozen=True, slots=True)
class ProductNames:
    vi: str
    en: str


def amount_en(amount_minor: int, currency: str) -> str:
    """English grouping (comma thousands, dot decimals): ``8,000 ₫``, ``1,234.50 PLN``."""
    vietnamese = format_amount(amount_minor, currency)
    return vietnamese.replace(".", "\0").replace(",", ".").replace("\0", ",")


def _routes(feed: Feed, fare_product_id: str) -> list[tuple[str | None, int | None, str]]:
    """(network, route_type, short name) of the routes the product's leg rules cover."""
    networks = {r.network_id for r in feed.leg_index.by_product.get(fare_product_id, ())}
    found = [
        (route.network_id, route.route_type, route.short_name)
        for route in feed.routes.values()
        if route.network_id in networks or None in networks
    ]
    return sorted(found, key=lambda r: (str(r[0]), r[2]))


def _mode(routes: list[tuple[str | None, int | None, str]]) -> tuple[str, str]:
    kinds = sorted({t for _, t, _ in routes if t is not None})
    if not kinds:
        return _ANY_MODE
    named = [_MODES.get(k, _ANY_MODE) for k in kinds]
    if len(named) == 1:
        return named[0]
    return " + ".join(n[0] for n in named), " + ".join(n[1] for n in named)


def _line(routes: list[tuple[str | None, int | None, str]]) -> str | None:
    names = sorted({short for _, _, short in routes if short})
    return names[0] if len(names) == 1 else None


def _band(feed: Feed, offer: ProductOffer) -> int | None:
    """Rank by price (1 = cheapest) among area-priced singles covering the same networks."""
    if not offer.area_bound or offer.validity is not None:
        return None
    networks = {r.network_id for r in feed.leg_index.by_product.get(offer.fare_product_id, ())}
    prices: dict[str, int] = {}  # product -> its price for the offer's category and medium
    for pid in feed.products:
        rules = feed.leg_index.by_product.get(pid, ())
        if pid in feed.validity or {r.network_id for r in rules} != networks:
            continue
        if not any(r.from_area_id or r.to_area_id for r in rules):
            continue
        row = resolve_row(feed, pid, offer.rider_category_id or None, offer.fare_media_id)
        if row is not None:
            prices[pid] = row.amount_minor
    if offer.fare_product_id not in prices:
        return None
    levels = sorted(set(prices.values()))  # products at one price share a band
    return levels.index(prices[offer.fare_product_id]) + 1


def _pass_kind(validity: PassValidity) -> tuple[str, str]:
    if validity.validity_type == "operating_day":
        return "Vé ngày", "day pass"
    if validity.validity_type == "calendar_month":
        return "Vé tháng", "monthly pass"
    days = validity.duration_days or 1
    if days == 1:
        return "Vé 1 ngày", "1-day pass"
    return f"Vé {days} ngày", f"{days}-day pass"


def product_names(feed: Feed, offer: ProductOffer, *, priced: bool = True) -> ProductNames:
    """The names, ending with the price unless ``priced`` is False (when the price is said beside)."""
    routes = _routes(feed, offer.fare_product_id)
    mode_vi, mode_en = _mode(routes)
    line = _line(routes)
    lines_vi = f"{mode_vi} tuyến {line}" if line else mode_vi
    lines_en = f"{mode_en} {line}" if line else mode_en
    price_vi = format_amount(offer.amount_minor, offer.currency) if priced else ""
    price_en = amount_en(offer.amount_minor, offer.currency) if priced else ""
    if offer.validity is not None:
        kind_vi, kind_en = _pass_kind(offer.validity)
        names = (f"{kind_vi} {lines_vi} {price_vi}", f"{lines_en} {kind_en} {price_en}")
    elif (band := _band(feed, offer)) is not None:
        names = (
            f"Vé lượt {lines_vi}, mức giá {band}: {price_vi}",
            f"{lines_en} single, fare band {band}: {price_en}",
        )
    else:
        names = (f"Vé lượt {lines_vi} {price_vi}", f"{lines_en} single {price_en}")
    return ProductNames(names[0].rstrip(": "), names[1].rstrip(": "))
