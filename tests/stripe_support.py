"""localstripe for the test session: the real ``stripe`` library talks to it on 127.0.0.1.

localstripe keeps its state in module globals and pickles it to one fixed file in the temp folder,
so only one test session may use it at a time: the fixture holds an exclusive ``flock`` on
/tmp/vexe-localstripe.lock for its lifetime and empties the store with ``DELETE /_config/data``.
Use it from a test module with ``from tests.stripe_support import localstripe_url  # noqa: F401``.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import IO, Any

import httpx
import pytest
import stripe

LOCK_PATH = "/tmp/vexe-localstripe.lock"
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
        from localstripe.server import app

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


class _Shared:
    """One server and one lock per process, however many modules import the fixture.

    pytest makes a separate session fixture for every module that imports ``localstripe_url``;
    without sharing, the second would wait forever on the lock its own process holds."""

    users = 0
    server: _Server | None = None
    lock: IO[str] | None = None
    url = ""


def _acquire() -> str:
    if _Shared.users == 0:
        lock = open(LOCK_PATH, "w")  # noqa: SIM115 - held open for the whole session
        fcntl.flock(lock, fcntl.LOCK_EX)
        server = _Server()
        server.thread.start()
        server.ready.wait(timeout=30)
        if server.error is not None:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
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
        _Shared.server, _Shared.lock, _Shared.url = server, lock, url
    _Shared.users += 1
    return _Shared.url


def _release() -> None:
    _Shared.users -= 1
    if _Shared.users > 0:
        return
    if _Shared.server is not None:
        _Shared.server.stop()
    if _Shared.lock is not None:
        fcntl.flock(_Shared.lock, fcntl.LOCK_UN)
        _Shared.lock.close()
    _Shared.server, _Shared.lock, _Shared.url = None, None, ""


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    """The base URL of this session's localstripe (exclusive across processes, shared within)."""
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
