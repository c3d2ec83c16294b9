"""Rider API fixtures: the Hanoi fare feed in force on the test database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import REPO_ROOT
from ticketing.runtime import Runtime
from ticketing.service.fare_catalog import activate_version, import_feed


async def publish_hanoi_feed(runtime: Runtime) -> str:
    async with runtime.unit_of_work() as uow:
        info = await import_feed(
            uow.session, runtime.clock, source=REPO_ROOT / "data/gtfs/hanoi", imported_by="test"
        )
        await activate_version(
            uow.session,
            runtime.clock,
            version_id=info.version_id,
            effective_from=runtime.clock.now() - timedelta(days=30),
            activated_by="test",
        )
    return info.version_id


@pytest.fixture
async def hanoi_feed(runtime: Runtime) -> str:
    return await publish_hanoi_feed(runtime)
