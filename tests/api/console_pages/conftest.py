"""Console test helpers: staff of every role on the Hanoi network, and a logged-in browser-like
client (cookies kept, the CSRF token read from the page like a browser form would send it)."""

from __future__ import annotations

import pytest

from tests.support.console_pages import ACCOUNTS, PASSWORD, Console, csrf_of, ensure_account, login
from tests.support.tickets import encrypted_ring, hanoi_in_force
from ticketing.runtime import Runtime

__all__ = ["ACCOUNTS", "PASSWORD", "Console", "csrf_of", "ensure_account", "login"]


@pytest.fixture
async def console_network(runtime: Runtime) -> Runtime:
    """The Hanoi fares in force and an issuer key ring (accounts come with ``login``)."""
    runtime.issuer_keys = encrypted_ring(auto_create=True)
    async with runtime.unit_of_work() as uow:
        await hanoi_in_force(uow.session, runtime.clock)  # type: ignore[arg-type]
    return runtime
