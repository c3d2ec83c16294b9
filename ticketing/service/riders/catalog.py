"""The rider's catalogue: products priced for a category and medium, named in Vietnamese and English.

Feeds name products in one language (Hanoi's in Vietnamese), so both names are built from what
the product is (``ticketing.fares.product_names``) and stay true for any feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ticketing.core.money import format_amount
from ticketing.fares.feed import Feed
from ticketing.fares.offers import PassValidity, ProductOffer, list_offers
from ticketing.fares.product_names import product_names


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


# GTFS fare_media_type 4 is a mobile app: what a rider buys in the app is shown from the phone.
# Cash (0) and paper tickets (1) are sold at counters and on board, never in the app.
APP_MEDIA_TYPE = 4
COUNTER_MEDIA_TYPES = frozenset({0, 1})


def app_media(feed: Feed) -> list[str | None]:
    """Media a rider uses in the app, in feed order: the app media, else every non-counter medium."""
    media = feed.fare_media.values()
    usable = [m.fare_media_id for m in media if m.media_type == APP_MEDIA_TYPE] or [
        m.fare_media_id for m in media if m.media_type not in COUNTER_MEDIA_TYPES
    ]
    return list(usable) or [None]


def catalogue_order(feed: Feed) -> Callable[[ProductView], tuple[tuple[str, ...], int, int, str, str]]:
    """By network — the operators whose routes the product covers, then the first of its networks
    in the feed's order — then price, cheapest first."""
    position = {network: n for n, network in enumerate(feed.networks)}

    def key(view: ProductView) -> tuple[tuple[str, ...], int, int, str, str]:
        offer = view.offer
        rules = feed.leg_index.by_product.get(offer.fare_product_id, ())
        first = min((position.get(r.network_id or "", len(position)) for r in rules), default=len(position))
        return offer.operator_ids, first, offer.amount_minor, offer.fare_product_id, offer.fare_media_id or ""

    return key


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
    # A product at one price on several of the asked media is listed once, on the first of them.
    seen: set[tuple[str, int]] = set()
    for media in fare_media_ids:
        for offer in list_offers(feed, rider_category_id, media):
            key = (offer.fare_product_id, offer.amount_minor)
            if key in seen:
                continue
            seen.add(key)
            needs = not categories.get(offer.rider_category_id, True)
            names = product_names(feed, offer)
            views.append(
                ProductView(
                    offer=offer,
                    name_vi=names.vi,
                    name_en=names.en,
                    kind=kind_of(offer.validity),
                    amount_display=format_amount(offer.amount_minor, offer.currency),
                    requires_concession=needs,
                    purchasable=not needs or offer.rider_category_id in approved,
                )
            )
    return sorted(views, key=catalogue_order(feed))
