"""localstripe for the test session: the real ``stripe`` library talks to it on 127.0.0.1.

localstripe keeps its state in a module-global ``Store`` (a dict) in the process that serves it.
It also pickles that dict after every write to a path it hard-codes, ``/tmp/localstripe.pickle``
(``Store.dump_to_disk``; ``TMPDIR`` and the working directory do not move it), and reads the file
back only when started from its own command line (``localstripe.server.start``), which we never
use: we serve ``localstripe.server.app`` on a free port in a thread of the test process. So the
state that matters is already private to each test process; the one thing two checkouts (or two
sessions) could share is that write-only file. The fixture turns the dump off for the store it
serves, so a session touches nothing outside its own process, and several sessions (other
checkouts, older code still dumping to the file) run at the same time without a lock. The store
is emptied with ``DELETE /_config/data``. Use it from a test module with
``from tests.stripe_support import localstripe_url  # noqa: F401``.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import stripe

TEST_API_KEY = "sk_test_vexe_localstripe"
TEST_WEBHOOK_SECRET = "whsec_vexe_test_secret"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    def __init__(self) -> None:
        self.port = _free_port()
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="localstripe", daemon=True)

    def _run(self) -> None:
        from aiohttp import web
        from localstripe.resources import store
        from localstripe.server import app

        # Keep the state in this process only (see the module docstring): an instance attribute
        # shadows Store.dump_to_disk, which __setitem__/__delitem__ and the server call.
        store.dump_to_disk = _keep_in_memory

        asyncio.set_event_loop(self.loop)
        runner = web.AppRunner(app, access_log=None)
        try:
            self.loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", self.port)
            self.loop.run_until_complete(site.start())
        except BaseException as exc:  # reported to the fixture
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        self.loop.run_forever()
        pending = asyncio.all_tasks(self.loop)  # localstripe's delayed webhook sends
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(runner.cleanup())
        self.loop.close()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def _keep_in_memory() -> None:
    """Replaces localstripe's pickle dump to the shared /tmp/localstripe.pickle."""


class _Shared:
    """One server per process, however many modules import the fixture.

    pytest makes a separate session fixture for every module that imports ``localstripe_url``;
    localstripe's store is a module global, so two servers in one process would share it anyway."""

    users = 0
    server: _Server | None = None
    url = ""


def _acquire() -> str:
    if _Shared.users == 0:
        server = _Server()
        server.thread.start()
        server.ready.wait(timeout=30)
        if server.error is not None:
            raise server.error
        url = f"http://127.0.0.1:{server.port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.delete(f"{url}/_config/data", timeout=5).raise_for_status()
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
        _Shared.server, _Shared.url = server, url
    _Shared.users += 1
    return _Shared.url


def _release() -> None:
    _Shared.users -= 1
    if _Shared.users > 0:
        return
    if _Shared.server is not None:
        _Shared.server.stop()
    _Shared.server, _Shared.url = None, ""


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    """The base URL of this process's localstripe (private to the process, shared within it)."""
    url = _acquire()
    try:
        yield url
    finally:
        _release()


def reset_localstripe(url: str) -> None:
    httpx.delete(f"{url}/_config/data", timeout=5).raise_for_status()


def signed(payload: dict[str, Any], secret: str = TEST_WEBHOOK_SECRET) -> tuple[bytes, str]:
    """A webhook body and its valid ``Stripe-Signature`` header."""
    body = json.dumps(payload, separators=(",", ":"))
    header = stripe.WebhookSignature.generate_signature_header(body, secret)
    return body.encode(), header


def event(event_id: str, event_type: str, obj: dict[str, Any], created: int | None = None) -> dict[str, Any]:
    return {
        "id": event_id, "object": "event", "type": event_type, "api_version": "2024-06-20",
        "created": created or int(time.time()), "livemode": False,
        "data": {"object": obj},
    }
