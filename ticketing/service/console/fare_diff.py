"""Compare a fare feed version with the one in force: products and prices added, changed, removed.

A price is one fare_products.txt row, keyed by (product, rider category, fare medium).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.errors import NotFound
from ticketing.db.models.fares import FareFeedVersion
from ticketing.fares.feed import Feed
from ticketing.fares.loader import build_feed
from ticketing.fares.source import zip_files

PriceKey = tuple[str, str, str]  # product, rider category ("*" any), fare medium ("*" any)


@dataclass(frozen=True, slots=True)
class PriceChange:
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str
    name: str
    currency: str
    old_minor: int | None  # None: added
    new_minor: int | None  # None: removed

    @property
    def change(self) -> str:
        if self.old_minor is None:
            return "added"
        if self.new_minor is None:
            return "removed"
        return "changed"


@dataclass(frozen=True, slots=True)
class FeedDiff:
    base_version_id: str | None
    products_added: list[str]
    products_removed: list[str]
    prices: list[PriceChange]  # added, changed and removed prices; unchanged ones are left out


async def feed_of_version(session: AsyncSession, version_id: str) -> Feed | None:
    """The parsed feed of a stored version; None when it has errors (it never loaded)."""
    archive = await session.scalar(sa.select(FareFeedVersion.archive).where(FareFeedVersion.id == version_id))
    if archive is None:
        raise NotFound("feed_version_unknown", f"no fare feed version {version_id!r}")
    feed, _report = build_feed(zip_files(archive))
    return feed


def _prices(feed: Feed | None) -> dict[PriceKey, tuple[str, str, int]]:
    if feed is None:
        return {}
    return {
        (row.fare_product_id, row.rider_category_id or "*", row.fare_media_id or "*"):
            (row.name, row.currency, row.amount_minor)
        for rows in feed.products.values() for row in rows
    }


def diff_feeds(base: Feed | None, candidate: Feed | None, *, base_version_id: str | None) -> FeedDiff:
    old, new = _prices(base), _prices(candidate)
    old_products = set(base.products) if base else set()
    new_products = set(candidate.products) if candidate else set()
    changes = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if before is not None and after is not None and before[2] == after[2]:
            continue
        name, currency, _ = after or before  # type: ignore[misc]  # one of them is set
        changes.append(PriceChange(*key, name=name, currency=currency,
                                   old_minor=before[2] if before else None,
                                   new_minor=after[2] if after else None))
    return FeedDiff(base_version_id, sorted(new_products - old_products),
                    sorted(old_products - new_products), changes)
