"""Fare catalogue versions on both databases: import, activation, the version in force."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.env import REPO_ROOT
from ticketing.core.clock import FixedClock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Rejected
from ticketing.fares.offers import find_offer
from ticketing.service import fare_catalog
from ticketing.service.fare_catalog import (
    activate_version,
    active_operator_ids,
    feed_in_force,
    get_version,
    import_feed,
    list_versions,
)

HANOI = REPO_ROOT / "data" / "gtfs" / "hanoi"
ZAKROCZYM = REPO_ROOT / "data" / "gtfs" / "zakroczym"


def zipped(path: Path, *, edit: dict[str, bytes] | None = None, folder: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for f in sorted([*path.glob("*.txt"), *path.glob("*.geojson")]):
            data = (edit or {}).get(f.name, f.read_bytes())
            archive.writestr(folder + f.name, data)
    return buf.getvalue()


def hanoi_with_bus_18_at(price: int) -> bytes:
    text = (HANOI / "fare_products.txt").read_text(encoding="utf-8")
    edited = text.replace("tuyến dưới 15 km,pho_thong,,8000,VND", f"tuyến dưới 15 km,pho_thong,,{price},VND")
    assert edited != text
    return zipped(HANOI, edit={"fare_products.txt": edited.encode()})


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    fare_catalog._feed_cache.clear()


async def test_import_is_idempotent_by_content(session: AsyncSession, clock: FixedClock) -> None:
    first = await import_feed(session, clock, source=HANOI, imported_by="admin")
    assert first.created
    assert first.valid
    assert first.summary["agencies"]["HN_BUS"].startswith("Xe buýt")
    again = await import_feed(session, clock, source=zipped(HANOI, folder="hanoi/"), imported_by="other")
    assert not again.created
    assert again.version_id == first.version_id
    listed = await list_versions(session)
    assert [v.version_id for v in listed] == [first.version_id]


async def test_import_stores_problems_and_refuses_activation(
    session: AsyncSession, clock: FixedClock
) -> None:
    broken = zipped(ZAKROCZYM, edit={"fare_products.txt": b"fare_product_id,amount,currency\np,1.234,PLN\n"})
    info = await import_feed(session, clock, source=broken, imported_by="admin")
    assert not info.valid
    assert any(e.startswith("fare_products.txt:2: amount:") for e in info.errors)
    with pytest.raises(Rejected) as exc:
        await activate_version(
            session, clock, version_id=info.version_id, effective_from=clock.now(), activated_by="admin"
        )
    assert exc.value.code == "feed_has_errors"
    assert (await get_version(session, info.version_id)).errors == info.errors


async def test_unreadable_upload(session: AsyncSession, clock: FixedClock) -> None:
    with pytest.raises(InvalidInput):
        await import_feed(session, clock, source=b"not a zip", imported_by="admin")


async def test_version_in_force_follows_time_and_never_rewrites_history(
    session: AsyncSession, clock: FixedClock
) -> None:
    with pytest.raises(NotFound):
        await feed_in_force(session, clock.now())
    assert await active_operator_ids(session, clock.now()) == set()
    old = await import_feed(session, clock, source=hanoi_with_bus_18_at(7000), imported_by="admin")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    await activate_version(
        session, clock, version_id=old.version_id, effective_from=start, activated_by="admin"
    )
    # same activation again is a no-op
    again = await activate_version(
        session, clock, version_id=old.version_id, effective_from=start, activated_by="admin"
    )
    assert len(again.activations) == 1
    new = await import_feed(session, clock, source=HANOI, imported_by="admin")
    # backdating over a period that was already priced is refused
    with pytest.raises(Conflict) as exc:
        await activate_version(
            session,
            clock,
            version_id=new.version_id,
            effective_from=clock.now() - timedelta(days=1),
            activated_by="admin",
        )
    assert exc.value.code == "activation_rewrites_history"
    switch = clock.now() + timedelta(days=2)
    await activate_version(
        session, clock, version_id=new.version_id, effective_from=switch, activated_by="admin"
    )
    before = await feed_in_force(session, switch - timedelta(seconds=1))
    after = await feed_in_force(session, switch)
    assert find_offer(before, "bus_single_8000", "pho_thong", None).amount_minor == 7000
    assert find_offer(after, "bus_single_8000", "pho_thong", None).amount_minor == 8000
    assert await active_operator_ids(session, switch) == {"HN_BUS", "HANOI_METRO"}
    clock.advance(timedelta(days=10))
    # the past is still priced by the old version
    assert (
        find_offer(
            await feed_in_force(session, switch - timedelta(hours=1)), "bus_single_8000", "pho_thong", None
        ).amount_minor
        == 7000
    )
    with pytest.raises(Conflict):
        await activate_version(
            session, clock, version_id=old.version_id, effective_from=switch, activated_by="admin"
        )
