"""Real processes for fault and end-to-end tests: ``vexe serve`` on a free loopback port with its
own data directory, ``vexe-validator`` readers, and a TCP proxy that can cut a connection.

Every wait is bounded in count and time; every process is stopped by its own pid.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.support.serve import start_serve, stop_process
from tests.unit.admission.issuer import Issuer
from ticketing.service.devices.registry import provision_device
from ticketing.service.tickets.keyring import IssuerKeyRing
from ticketing.service.tickets.vault import FileVault
from vexe import migrate
from vexe.container import build_runtime
from vexe.settings import Settings

BIN = Path(sys.executable).parent
START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXE_")}
    env["VEXE_DATA_DIR"] = str(data_dir)
    env["VEXE_LOG_LEVEL"] = "WARNING"
    return env


@dataclass
class Server:
    data_dir: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # more VEXE_* settings for the server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return f"sqlite+aiosqlite:///{(self.data_dir / 'vexe.db').as_posix()}"

    def start(self) -> None:
        assert self.proc is None
        self.proc = start_serve(self.data_dir, self.port, {**server_env(self.data_dir), **self.extra_env},
                                timeout_s=START_TIMEOUT_S)

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
            self.proc = None
    # -- seeding, in this process against the server's database ---------------------------------
    def settings(self) -> Settings:
        return Settings(data_dir=self.data_dir)

    def migrate(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(self.db_url)

    def run(self, coro_fn: Any) -> Any:
        async def go() -> Any:
            runtime = build_runtime(self.settings())
            try:
                async with runtime.unit_of_work() as uow:
                    return await coro_fn(uow.session, runtime.clock)
            finally:
                await runtime.aclose()

        return asyncio.run(go())

    def issuer(self) -> Issuer:
        """A published issuer key of this server, with its private half for signing test codes."""
        vault = FileVault(self.data_dir / "test-issuer")

        async def create(session: Any, clock: Any) -> str:
            info = await IssuerKeyRing(vault).create(
                session, clock, actor="test", not_before=clock.now() - timedelta(days=400),
                lifetime=timedelta(days=3000),
            )
            return str(info.kid)

        kid = self.run(create)
        return Issuer(private_key=vault.open(kid, None), kid=kid)

    def provision(self, device_id: str, **where: Any) -> str:
        operator = "HN_BUS" if "vehicle_id" in where else "HANOI_METRO"

        async def go(session: Any, clock: Any) -> str:
            made = await provision_device(session, clock, device_id=device_id, operator_id=operator,
                                          **where)
            return made.enrolment_token

        return str(self.run(go))


def validator(*args: str, input_text: str | None = None, timeout: float = 120.0,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "vexe-validator"), *args], input=input_text, capture_output=True, text=True,
        timeout=timeout, env=env, check=False,
    )


def validator_json(*args: str, input_text: str | None = None) -> Any:
    done = validator(*args, input_text=input_text)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class CutProxy:
    """Forwards 127.0.0.1:port to the server. Modes: ``pass``; ``cut_request`` (close both sides
    once ``cut_after_bytes`` of request have gone through); ``drop_response`` (once a connection
    has carried more than ``cut_after_bytes`` of requests, the server gets the whole request and
    the client never sees the answer)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.mode = "pass"
        self.cut_after_bytes = 0
        self.cuts = 0
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        except OSError:
            client.close()
            return
        done = threading.Event()

        def close_both() -> None:
            done.set()
            for s in (client, upstream):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

        sent = [0]

        def up() -> None:
            with suppress(OSError):
                while not done.is_set():
                    data = client.recv(65536)
                    if not data:
                        break
                    if self.mode == "cut_request" and sent[0] + len(data) > self.cut_after_bytes:
                        upstream.sendall(data[: max(0, self.cut_after_bytes - sent[0])])
                        self.cuts += 1
                        close_both()
                        return
                    upstream.sendall(data)
                    sent[0] += len(data)

        def down() -> None:
            with suppress(OSError):
                while not done.is_set():
                    data = upstream.recv(65536)
                    if not data:
                        break
                    if self.mode == "drop_response" and sent[0] > self.cut_after_bytes:
                        self.cuts += 1
                        close_both()
                        return
                    client.sendall(data)
            close_both()

        threading.Thread(target=up, daemon=True).start()
        down()

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
        self._thread.join(timeout=5)


@contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
