"""What a rider can buy: products with their price for a category and medium, and pass validity."""

from __future__ import annotations

from dataclasses import dataclass

from ticketing.core.errors import NotFound, Rejected
from ticketing.fares.feed import Feed
from ticketing.fares.pricing import effective_category, resolve_row


@dataclass(frozen=True, slots=True)
class PassValidity:
    validity_type: str  # operating_day | from_activation | from_issue | calendar_month
    duration_days: int | None


@dataclass(frozen=True, slots=True)
class ProductOffer:
    fare_product_id: str
    fare_product_name: str
    rider_category_id: str  # the category actually priced (after the docs/decisions.md §4 fallback)
    fare_media_id: str | None
    amount_minor: int
    currency: str
    validity: PassValidity | None  # None = single-ride product
    operator_ids: tuple[str, ...]  # agency_ids whose routes the product's leg rules cover
    area_bound: bool  # True when its leg rules name from/to areas (metro singles)


def _category_known(feed: Feed, category: str | None) -> bool:
    return category is None or not feed.rider_categories or category in feed.rider_categories


def find_offer(
    feed: Feed, fare_product_id: str, rider_category_id: str | None, fare_media_id: str | None
) -> ProductOffer:
    """Raises NotFound("fare_product_unknown") or Rejected("product_not_offered")."""
    if fare_product_id not in feed.products:
        raise NotFound("fare_product_unknown", f"no fare product {fare_product_id!r} in the fare catalogue")
    offer = _offer(feed, fare_product_id, rider_category_id, fare_media_id)
    if offer is None:
        raise Rejected(
            "product_not_offered",
            f"{fare_product_id} is not sold to rider category {rider_category_id or '(default)'}"
            f" on fare media {fare_media_id or '(any)'}",
        )
    return offer


def list_offers(feed: Feed, rider_category_id: str | None, fare_media_id: str | None) -> list[ProductOffer]:
    offers = (_offer(feed, pid, rider_category_id, fare_media_id) for pid in sorted(feed.products))
    return [o for o in offers if o is not None]


def _offer(
    feed: Feed, fare_product_id: str, rider_category_id: str | None, fare_media_id: str | None
) -> ProductOffer | None:
    if not _category_known(feed, rider_category_id):
        return None
    if fare_media_id is not None and feed.fare_media and fare_media_id not in feed.fare_media:
        return None
    category = effective_category(feed, rider_category_id)
    row = resolve_row(feed, fare_product_id, category, fare_media_id)
    if row is None:
        return None
    validity = feed.validity.get(fare_product_id)
    rules = feed.leg_index.by_product.get(fare_product_id, ())
    return ProductOffer(
        fare_product_id=fare_product_id,
        fare_product_name=feed.product_name(fare_product_id),
        rider_category_id=category or "",
        fare_media_id=row.fare_media_id if row.fare_media_id is not None else fare_media_id,
        amount_minor=row.amount_minor,
        currency=row.currency,
        validity=PassValidity(validity.validity_type, validity.duration_days) if validity else None,
        operator_ids=feed.operators_of_product(fare_product_id),
        area_bound=any(r.from_area_id is not None or r.to_area_id is not None for r in rules),
    )


# GTFS fare_media_type 0 (no medium: cash paid on board) and 1 (a paper ticket or token bought
# with cash): what a counter sells.
CASH_MEDIA_TYPES = (0, 1)


def cash_media_for(feed: Feed, fare_product_id: str, rider_category_id: str | None) -> str | None:
    """The cash medium a counter sale of ``fare_product_id`` is priced at: the first cash-type
    medium (type 0, then 1, then by id) with a price row of its own for the product and category.
    None when the product has no cash price of its own (its generic row applies)."""
    category = effective_category(feed, rider_category_id)
    cash = sorted(
        (m for m in feed.fare_media.values() if m.media_type in CASH_MEDIA_TYPES),
        key=lambda m: (m.media_type, m.fare_media_id),
    )
    for medium in cash:
        row = resolve_row(feed, fare_product_id, category, medium.fare_media_id)
        if row is not None and row.fare_media_id == medium.fare_media_id:
            return medium.fare_media_id
    return None


def highest_single_fare(feed: Feed, rider_category_id: str | None) -> int:
    """The dearest single-ride fare (a product with no pass validity) the feed charges a rider of
    ``rider_category_id`` on any medium: what one journey can cost at most (0 when none)."""
    category = effective_category(feed, rider_category_id)
    highest = 0
    for fare_product_id, rows in feed.products.items():
        if fare_product_id in feed.validity:
            continue
        by_category = [r for r in rows if r.rider_category_id == category] or [
            r for r in rows if r.rider_category_id is None
        ]
        for row in by_category:
            highest = max(highest, row.amount_minor)
    return highest
