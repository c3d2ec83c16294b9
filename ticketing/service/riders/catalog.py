"""The rider's catalogue: products priced for a category and medium, named in Vietnamese and English.

Feeds name products in one language (Hanoi's in Vietnamese). The English name is built from what
the product is — a single ride or a pass of a validity kind — so it stays true for any feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ticketing.core.money import format_amount
from ticketing.fares.feed import Feed
from ticketing.fares.offers import PassValidity, ProductOffer, list_offers


@dataclass(frozen=True, slots=True)
class ProductView:
    offer: ProductOffer
    name_vi: str
    name_en: str
    kind: str  # single | pass
    amount_display: str
    requires_concession: bool
    purchasable: bool


def kind_of(validity: PassValidity | None) -> str:
    return "single" if validity is None else "pass"


def english_name(offer: ProductOffer) -> str:
    validity = offer.validity
    scope = ", ".join(offer.operator_ids)
    suffix = f" ({scope})" if scope else ""
    if validity is None:
        return f"Single ride{suffix}"
    if validity.validity_type == "operating_day":
        return f"Day pass{suffix}"
    if validity.validity_type == "calendar_month":
        return f"Calendar-month pass{suffix}"
    days = validity.duration_days or 1
    start = "activation" if validity.validity_type == "from_activation" else "purchase"
    return f"{days}-day pass from {start}{suffix}"


def category_names(feed: Feed) -> dict[str, bool]:
    """rider_category_id -> is it the feed's default (open to everyone) category."""
    default = feed.default_rider_category
    return {cid: cid == default for cid in feed.rider_categories}


def product_views(
    feed: Feed,
    rider_category_id: str | None,
    fare_media_ids: Iterable[str | None],
    approved: frozenset[str],
) -> list[ProductView]:
    categories = category_names(feed)
    views: list[ProductView] = []
    seen: set[tuple[str, str | None]] = set()
    for media in fare_media_ids:
        for offer in list_offers(feed, rider_category_id, media):
            key = (offer.fare_product_id, offer.fare_media_id)
            if key in seen:
                continue
            seen.add(key)
            needs = not categories.get(offer.rider_category_id, True)
            views.append(
                ProductView(
                    offer=offer,
                    name_vi=offer.fare_product_name,
                    name_en=english_name(offer),
                    kind=kind_of(offer.validity),
                    amount_display=format_amount(offer.amount_minor, offer.currency),
                    requires_concession=needs,
                    purchasable=not needs or offer.rider_category_id in approved,
                )
            )
    return views
