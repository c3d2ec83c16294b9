"""What a rider can buy, for their category and medium, in Vietnamese and English."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from mobile_api import settings as limits
from mobile_api.deps import OptionalRiderDep, language
from mobile_api.feed import current_feed
from mobile_api.paging import next_offset, parse_offset
from mobile_api.schemas.catalog import PassValidityOut, ProductOut, ProductPage
from mobile_api.schemas.common import ALIASES_REMOVED_IN
from ticketing.core.errors import InvalidInput
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders.catalog import ProductView, app_media, product_views
from ticketing.service.riders.concessions import approved_categories

router = APIRouter(prefix="/v1", tags=["rider: catalogue"])

_OLD_NAME = "Deprecated alias of `{}`, accepted until release " + ALIASES_REMOVED_IN


def product_out(view: ProductView, lang: str) -> ProductOut:
    offer = view.offer
    return ProductOut(
        fare_product_id=offer.fare_product_id,
        name=view.name_vi if lang == "vi" else view.name_en,
        names={"vi": view.name_vi, "en": view.name_en},
        kind=view.kind,
        rider_category_id=offer.rider_category_id,
        fare_media_id=offer.fare_media_id,
        amount_minor=offer.amount_minor,
        currency=offer.currency,
        amount_display=view.amount_display,
        validity=(
            PassValidityOut(
                validity_type=offer.validity.validity_type, duration_days=offer.validity.duration_days
            )
            if offer.validity
            else None
        ),
        operator_ids=list(offer.operator_ids),
        area_bound=offer.area_bound,
        requires_concession=view.requires_concession,
        purchasable=view.purchasable,
    )


@router.get(
    "/products",
    response_model=ProductPage,
    responses=problem_responses(401, 422, 503),
    summary="Products for a rider category and fare medium (default: the feed's default category "
    "and the media riders use in the app), by network then price",
)
async def list_products(
    request: Request,
    runtime: RuntimeDep,
    rider: OptionalRiderDep,
    rider_category_id: Annotated[str | None, Query(max_length=64)] = None,
    fare_media_id: Annotated[str | None, Query(max_length=64)] = None,
    rider_category: Annotated[
        str | None, Query(max_length=64, deprecated=True, description=_OLD_NAME.format("rider_category_id"))
    ] = None,
    fare_media: Annotated[
        str | None, Query(max_length=64, deprecated=True, description=_OLD_NAME.format("fare_media_id"))
    ] = None,
    cursor: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> ProductPage:
    offset = parse_offset(cursor)
    rider_category = rider_category_id if rider_category_id is not None else rider_category
    fare_media = fare_media_id if fare_media_id is not None else fare_media
    async with runtime.unit_of_work() as uow:
        feed = await current_feed(uow.session, runtime.clock)
        approved = (
            await approved_categories(uow.session, rider.rider_id) if rider is not None else frozenset()
        )
    if rider_category is not None and rider_category not in feed.rider_categories:
        raise InvalidInput("rider_category_unknown", f"unknown rider category {rider_category!r}")
    if fare_media is not None and fare_media not in feed.fare_media:
        raise InvalidInput("fare_media_unknown", f"unknown fare media {fare_media!r}")
    media: list[str | None] = [fare_media] if fare_media is not None else app_media(feed)
    views = product_views(feed, rider_category, media, approved)
    lang = language(request)
    page = views[offset : offset + limit]
    return ProductPage(
        items=[product_out(v, lang) for v in page], next=next_offset(offset, limit, len(views))
    )
