"""Which fare_products row prices a product for a rider category and fare media (docs/decisions.md §4).

- A row with an empty ``rider_category_id`` applies to every category that has no row of its own
  for that product; a journey naming no category uses the feed's default category.
- A row with an empty ``fare_media_id`` applies to every medium that has no row of its own. When
  the rider names no medium, the empty-media row is used if there is one, else the cheapest row.
- No applicable row: the product is not offered to that rider (the leg's fare stays unknown).
"""

from __future__ import annotations

from ticketing.fares.feed import Feed
from ticketing.fares.model import ProductRow


def effective_category(feed: Feed, rider_category_id: str | None) -> str | None:
    return rider_category_id if rider_category_id is not None else feed.default_rider_category


def resolve_row(
    feed: Feed, fare_product_id: str, rider_category_id: str | None, fare_media_id: str | None
) -> ProductRow | None:
    """The price row for an already-effective category (see ``effective_category``)."""
    rows = feed.products.get(fare_product_id, ())
    if not rows:
        return None
    by_category = [r for r in rows if r.rider_category_id == rider_category_id] if rider_category_id else []
    if not by_category:
        by_category = [r for r in rows if r.rider_category_id is None]
    if not by_category:
        return None
    if fare_media_id is not None:
        exact = [r for r in by_category if r.fare_media_id == fare_media_id]
        if exact:
            return exact[0]
        generic = [r for r in by_category if r.fare_media_id is None]
        return generic[0] if generic else None
    generic = [r for r in by_category if r.fare_media_id is None]
    if generic:
        return generic[0]
    return min(by_category, key=lambda r: (r.amount_minor, r.fare_media_id or ""))
