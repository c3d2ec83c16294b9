"""Shared fixtures for the browser tests (rider app under app/, staff console under console/).

- ``live_server``: a real ``vexe serve`` subprocess on a free loopback port with a fresh SQLite data
  directory, migrated (``vexe db upgrade``) and loaded with the Hanoi demo (``vexe demo --json``,
  whose credentials are ``live_server.demo``). One per test session; tests create their own riders.
- ``browser``: Chromium driven by Playwright. Debian's ``/usr/bin/chromium`` (or ``VEXE_CHROMIUM``),
  else a browser Playwright installed itself. Without either the tests are skipped locally with
  the reason, and fail under CI (``CI`` set): CI must install the ``chromium`` package.
- ``new_context(**options)``: a fresh browser context (no storage, no service worker) with
  ``base_url`` set to the live server, closed after the test; options go to Playwright's
  ``new_context`` (e.g. ``viewport={"width": 1280, "height": 800}`` for a laptop).
- ``phone``: a fresh context with a 360×740 mobile viewport, and its page; ``new_phone`` makes
  more (e.g. with ``bypass_csp=True`` to inject axe-core).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE_VIEWPORT = {"width": 360, "height": 740}
START_TIMEOUT_S = 60.0
CLI_TIMEOUT_S = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """``vexe serve`` in a subprocess, with the environment to run more ``vexe`` commands on it."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    demo: dict[str, Any] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VEXE_")}
        env |= {
            "VEXE_DATA_DIR": str(self.data_dir),
            "VEXE_LOG_LEVEL": "WARNING",
            "VEXE_PUBLIC_BASE_URL": self.url,
        }
        return env | self.extra_env

    def cli(self, tool: str, *args: str, timeout: float = CLI_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        """Run ``vexe`` or ``vexe-validator`` with this server's settings; fail on a non-zero exit."""
        done = subprocess.run(
            [str(BIN / tool), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, f"{tool} {' '.join(args)} failed: {done.stderr[-2000:]}"
        return done

    def cli_json(self, tool: str, *args: str) -> Any:
        return json.loads(self.cli(tool, *args).stdout)

    def prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cli("vexe", "db", "upgrade")
        self.demo = self.cli_json("vexe", "demo", "--json")

    def start(self) -> None:
        assert self.proc is None
        with (self.data_dir / "server.log").open("ab") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "vexe"), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env(),
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"vexe serve exited: {(self.data_dir / 'server.log').read_text()[-2000:]}")
            with suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)  # polling a starting process, bounded by the deadline
        raise RuntimeError("vexe serve did not answer /healthz in time")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.proc = None


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live-server") / "data")
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def chromium_executable() -> str | None:
    """Debian's chromium (or VEXE_CHROMIUM); None means: use Playwright's own browser if it has one."""
    path = Path(os.environ.get("VEXE_CHROMIUM", "/usr/bin/chromium"))
    return str(path) if path.exists() else None


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_api: Any) -> Iterator[Any]:
    executable = chromium_executable()
    if executable is None and not Path(playwright_api.chromium.executable_path).exists():
        reason = "no Chromium: install Debian's chromium package (/usr/bin/chromium) or set VEXE_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    launched = playwright_api.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    try:
        yield launched
    finally:
        launched.close()


ContextFactory = Callable[..., Any]
PhoneFactory = Callable[..., tuple[Any, Any]]


@pytest.fixture
def new_context(browser: Any, live_server: LiveServer) -> Iterator[ContextFactory]:
    """Make fresh browser contexts on the live server (all closed at the end of the test)."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        settings: dict[str, Any] = {
            "base_url": live_server.url,
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
        }
        context = browser.new_context(**(settings | options))
        context.set_default_timeout(30_000)  # a shared CI machine can be slow
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_phone(new_context: ContextFactory) -> PhoneFactory:
    """Make a fresh phone-sized (360×740, touch) context and its page."""

    def make(**options: Any) -> tuple[Any, Any]:
        phone_options: dict[str, Any] = {"viewport": PHONE_VIEWPORT, "is_mobile": True, "has_touch": True}
        context = new_context(**(phone_options | options))
        return context, context.new_page()

    return make


@pytest.fixture
def phone(new_phone: PhoneFactory) -> tuple[Any, Any]:
    """(context, page) of a fresh phone-sized browser."""
    return new_phone()
