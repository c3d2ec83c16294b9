"""Human explanations of a quote, in English and Vietnamese, one line per decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticketing.core.errors import DomainError
from ticketing.core.money import format_amount
from ticketing.fares.feed import Feed
from ticketing.fares.journey import Journey
from ticketing.fares.offers import find_offer
from ticketing.fares.product_names import ProductNames, product_names

if TYPE_CHECKING:
    from ticketing.fares.quote import Quote

# reason -> (Vietnamese, English)
_REASONS = {
    "no_matching_rule": (
        "không có quy tắc giá vé nào khớp với chặng này",
        "no fare leg rule matches this leg",
    ),
    "no_price_for_rider": (
        "sản phẩm phù hợp không có giá cho đối tượng và phương tiện thanh toán này",
        "the matching products have no price for this rider category and fare media",
    ),
    "pass_required": (
        "chỉ vé tháng/ngày/tuần áp dụng cho chặng này và hành khách chưa có vé còn hiệu lực",
        "only passes cover this leg and the rider holds no pass valid at departure",
    ),
    "unknown_route": ("tuyến không có trong dữ liệu giá vé", "the route is not in the fare feed"),
    "unknown_stop": ("điểm dừng không có trong dữ liệu giá vé", "a stop is not in the fare feed"),
}
_TYPES = {0: ("A + AB", "A + AB"), 1: ("A + AB + B", "A + AB + B"), 2: ("AB", "AB")}


def _money(amount: int | None, currency: str | None) -> str:
    if amount is None:
        return "?"
    return format_amount(amount, currency) if currency else str(amount)


def _where(feed: Feed, route_id: str, from_stop_id: str, to_stop_id: str) -> str:
    """"18: ĐH Kinh tế Quốc dân → Long Biên": the names riders see, ids only when a name is missing."""
    route = feed.routes.get(route_id)
    line = (route.short_name or route.long_name) if route is not None else ""

    def stop(stop_id: str) -> str:
        found = feed.stops.get(stop_id)
        return found.name if found is not None and found.name else stop_id

    return f"{line or route_id}: {stop(from_stop_id)} → {stop(to_stop_id)}"


def _category(feed: Feed, category_id: str | None) -> tuple[str, str]:
    """The rider category as riders read it: its name in the feed, never its id."""
    category = feed.rider_categories.get(category_id or "")
    if category is None or not category.name:
        return "every rider", "mọi hành khách"
    return category.name, category.name


def _product(feed: Feed, fare_product_id: str, quote: Quote) -> ProductNames:
    try:
        offer = find_offer(feed, fare_product_id, quote.rider_category_id, quote.fare_media_id)
    except DomainError:
        name = feed.product_name(fare_product_id)
        return ProductNames(name, name)
    return product_names(feed, offer, priced=False)


def explain(feed: Feed, journey: Journey, quote: Quote) -> tuple[tuple[str, ...], tuple[str, ...]]:
    en: list[str] = []
    vi: list[str] = []
    cur = quote.currency
    who_en, who_vi = _category(feed, quote.rider_category_id)
    for leg in quote.legs:
        src = journey.legs[leg.index]
        where = _where(feed, src.route_id, src.from_stop_id, src.to_stop_id)
        n = leg.index + 1
        if leg.joined_with is not None:
            en.append(f"Leg {n} ({where}) is joined with leg {leg.joined_with + 1} into one fare leg.")
            vi.append(
                f"Chặng {n} ({where}) được gộp với chặng {leg.joined_with + 1} thành một chặng tính giá."
            )
        elif leg.amount_minor is None:
            reason_vi, reason_en = _REASONS.get(leg.reason or "", (leg.reason or "", leg.reason or ""))
            en.append(f"Leg {n} ({where}): fare unknown — {reason_en}.")
            vi.append(f"Chặng {n} ({where}): chưa xác định giá vé — {reason_vi}.")
        elif leg.covered_by is not None:
            held = _product(feed, leg.covered_by, quote)
            en.append(f"Leg {n} ({where}): covered by the held pass {held.en}, {leg.rule}.")
            vi.append(f"Chặng {n} ({where}): đã có vé {held.vi} còn hiệu lực, {leg.rule}.")
        else:
            product = _product(feed, leg.fare_product_id or "", quote)
            price = _money(leg.base_amount_minor, cur)
            en.append(f"Leg {n} ({where}): {product.en}, {price} for {who_en}, {leg.rule}.")
            vi.append(f"Chặng {n} ({where}): {product.vi}, {price} cho đối tượng {who_vi}, {leg.rule}.")
            if leg.cap_id is not None:
                capped = _money(leg.amount_minor, cur)
                en.append(f"  Cap {leg.cap_id} applied: leg {n} charged {capped} instead of {price}.")
                vi.append(f"  Áp dụng mức trần {leg.cap_id}: chặng {n} chỉ tính {capped} thay vì {price}.")
    for t in quote.transfers:
        kind_en, _ = _TYPES[t.fare_transfer_type]
        amount = _money(t.amount_minor, cur)
        if t.fare_product_id is None:
            fee_en, fee_vi = "no transfer fee", "không tính phí chuyển tuyến"
        else:
            fee = _product(feed, t.fare_product_id, quote)
            fee_en, fee_vi = f"transfer fee {fee.en}: {amount}", f"phí chuyển tuyến {fee.vi}: {amount}"
        en.append(
            f"Transfer leg {t.from_index + 1} → leg {t.to_index + 1}: {t.rule}, type {t.fare_transfer_type}"
            f" ({kind_en}), {fee_en}."
        )
        vi.append(
            f"Chuyển tuyến chặng {t.from_index + 1} → chặng {t.to_index + 1}: {t.rule},"
            f" loại {t.fare_transfer_type} ({kind_en}), {fee_vi}."
        )
        if t.cap_id is not None:
            en.append(f"  Cap {t.cap_id} applied to this transfer.")
            vi.append(f"  Áp dụng mức trần {t.cap_id} cho lần chuyển tuyến này.")
    for cap in feed.caps:
        if cap.cap_id in quote.caps_applied:
            limit = _money(cap.amount_minor, cap.currency)
            en.append(f"Cap {cap.cap_id} ({cap.name}): at most {limit} per {cap.period} ({cap.ref}).")
            vi.append(f"Mức trần {cap.cap_id} ({cap.name}): tối đa {limit} mỗi kỳ {cap.period} ({cap.ref}).")
    if quote.total_minor is None:
        en.append("Total unknown: at least one leg has no known fare.")
        vi.append("Chưa xác định tổng giá: có chặng chưa có giá vé.")
    else:
        en.append(f"Total {_money(quote.total_minor, cur)}.")
        vi.append(f"Tổng cộng {_money(quote.total_minor, cur)}.")
    return tuple(en), tuple(vi)
