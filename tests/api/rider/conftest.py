"""Rider API fixtures: the Hanoi fare feed in force, the sandbox provider and a ticket key ring."""

from __future__ import annotations

import pytest

from tests.api.rider.helpers import publish_hanoi_feed, wire_purchase_ports
from ticketing.runtime import Runtime


@pytest.fixture
async def hanoi_feed(runtime: Runtime) -> str:
    return await publish_hanoi_feed(runtime)


@pytest.fixture
async def shop(runtime: Runtime, hanoi_feed: str) -> Runtime:
    wire_purchase_ports(runtime)
    return runtime
