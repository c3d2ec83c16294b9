"""Human explanations of a quote, in English and Vietnamese, one line per decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticketing.core.money import format_amount
from ticketing.fares.feed import Feed
from ticketing.fares.journey import Journey

if TYPE_CHECKING:
    from ticketing.fares.quote import Quote

_REASONS = {
    "no_matching_rule": (
        "no fare leg rule matches this leg",
        "không có quy tắc giá vé nào khớp với chặng này",
    ),
    "no_price_for_rider": (
        "the matching products have no price for this rider category and fare media",
        "sản phẩm phù hợp không có giá cho đối tượng và phương tiện thanh toán này",
    ),
    "pass_required": (
        "only passes cover this leg and the rider holds none valid at departure",
        "chỉ vé tháng/ngày/tuần áp dụng cho chặng này và hành khách chưa có vé còn hiệu lực",
    ),
    "unknown_route": ("the route is not in the fare feed", "tuyến không có trong dữ liệu giá vé"),
    "unknown_stop": ("a stop is not in the fare feed", "điểm dừng không có trong dữ liệu giá vé"),
    "unknown_trip": (
        "the trip is not in the fare feed or not on this route",
        "chuyến không có trong dữ liệu giá vé hoặc không thuộc tuyến này",
    ),
    "route_end_unknown": (
        "no tap-off and the route has no trips to find its end",
        "không chạm thẻ khi xuống và tuyến không có dữ liệu chuyến để xác định điểm cuối",
    ),
}
_TYPES = {0: ("A + AB", "A + AB"), 1: ("A + AB + B", "A + AB + B"), 2: ("AB", "AB")}


def _money(amount: int | None, currency: str | None) -> str:
    if amount is None:
        return "?"
    return format_amount(amount, currency) if currency else str(amount)


def explain(feed: Feed, journey: Journey, quote: Quote) -> tuple[tuple[str, ...], tuple[str, ...]]:
    en: list[str] = []
    vi: list[str] = []
    cur = quote.currency
    who = quote.rider_category_id or "-"
    for leg in quote.legs:
        src = journey.legs[leg.index]
        where = f"{src.route_id} {src.from_stop_id} → {src.to_stop_id}"
        n = leg.index + 1
        if not src.tapped_off and leg.distance_units is not None:
            en.append(f"Leg {n}: no tap-off — charged to the end of the route ({leg.to_stop_id}).")
            vi.append(f"Chặng {n}: không chạm thẻ khi xuống — tính đến cuối tuyến ({leg.to_stop_id}).")
        if leg.joined_with is not None:
            en.append(f"Leg {n} ({where}) is joined with leg {leg.joined_with + 1} into one fare leg.")
            vi.append(
                f"Chặng {n} ({where}) được gộp với chặng {leg.joined_with + 1} thành một chặng tính giá."
            )
        elif leg.amount_minor is None:
            reason_en, reason_vi = _REASONS.get(leg.reason or "", (leg.reason or "", leg.reason or ""))
            en.append(f"Leg {n} ({where}): fare unknown — {reason_en}.")
            vi.append(f"Chặng {n} ({where}): chưa xác định giá vé — {reason_vi}.")
        elif leg.covered_by is not None:
            name = feed.product_name(leg.covered_by)
            en.append(f"Leg {n} ({where}): covered by the held pass {leg.covered_by} ({name}), {leg.rule}.")
            vi.append(f"Chặng {n} ({where}): đã có vé {leg.covered_by} ({name}) còn hiệu lực, {leg.rule}.")
        else:
            pid = leg.fare_product_id or ""
            price = _money(leg.base_amount_minor, cur)
            en.append(f"Leg {n} ({where}): {pid} ({feed.product_name(pid)}) {price} for {who}, {leg.rule}.")
            name = feed.product_name(pid)
            vi.append(f"Chặng {n} ({where}): {pid} ({name}) {price} cho đối tượng {who}, {leg.rule}.")
            if leg.distance_units is not None and leg.rule is not None and leg.free_distance_units:
                free, charged = leg.free_distance_units, leg.distance_units - leg.free_distance_units
                en.append(
                    f"  {leg.distance_units:g} km ridden, {free:g} km inside free zone {leg.free_zone_id}"
                    f" (free); priced on {max(charged, 0):.3g} km."
                )
                vi.append(
                    f"  Đi {leg.distance_units:g} km, {free:g} km trong vùng miễn phí {leg.free_zone_id}"
                    f" (miễn phí); tính giá {max(charged, 0):.3g} km."
                )
            if leg.amount_minor == 0 and leg.free_zone_id is not None and leg.base_amount_minor == 0:
                en.append(f"  The whole leg is inside free zone {leg.free_zone_id}: free.")
                vi.append(f"  Cả chặng nằm trong vùng miễn phí {leg.free_zone_id}: miễn phí.")
            if leg.cap_id is not None:
                capped = _money(leg.amount_minor, cur)
                en.append(f"  Cap {leg.cap_id} applied: leg {n} charged {capped} instead of {price}.")
                vi.append(f"  Áp dụng mức trần {leg.cap_id}: chặng {n} chỉ tính {capped} thay vì {price}.")
    for t in quote.transfers:
        kind_en, _ = _TYPES[t.fare_transfer_type]
        product = t.fare_product_id or "none"
        amount = _money(t.amount_minor, cur)
        en.append(
            f"Transfer leg {t.from_index + 1} → leg {t.to_index + 1}: {t.rule}, type {t.fare_transfer_type}"
            f" ({kind_en}), transfer product {product} {amount}."
        )
        vi.append(
            f"Chuyển tuyến chặng {t.from_index + 1} → chặng {t.to_index + 1}: {t.rule},"
            f" loại {t.fare_transfer_type} ({kind_en}), phí chuyển {product} {amount}."
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
