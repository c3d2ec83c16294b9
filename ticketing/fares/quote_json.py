"""The quote document (docs/decisions.md §4): what ``vexe fares quote`` prints and the rider API returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ticketing.fares.quote import Quote


def to_json(quote: Quote) -> dict[str, Any]:
    return {
        "currency": quote.currency,
        "total_minor": quote.total_minor,
        "complete": quote.complete,
        "rider_category_id": quote.rider_category_id,
        "fare_media_id": quote.fare_media_id,
        "legs": [
            {
                "index": leg.index,
                "fare_product_id": leg.fare_product_id,
                "amount_minor": leg.amount_minor,
                "rule": leg.rule,
                "covered_by": leg.covered_by,
                "reason": leg.reason,
                "base_amount_minor": leg.base_amount_minor,
                "leg_group_id": leg.leg_group_id,
                "fare_media_id": leg.fare_media_id,
                "joined_with": leg.joined_with,
                "cap_id": leg.cap_id,
                "alternatives": list(leg.alternatives),
            }
            for leg in quote.legs
        ],
        "transfers": [
            {
                "from_index": t.from_index,
                "to_index": t.to_index,
                "rule": t.rule,
                "fare_transfer_type": t.fare_transfer_type,
                "fare_product_id": t.fare_product_id,
                "amount_minor": t.amount_minor,
                "cap_id": t.cap_id,
            }
            for t in quote.transfers
        ],
        "uncapped_total_minor": quote.uncapped_total_minor,
        "caps_applied": list(quote.caps_applied),
        "explanation": list(quote.explanation),
        "explanation_vi": list(quote.explanation_vi),
    }
