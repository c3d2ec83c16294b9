"""HTTP edges against a real ``vexe serve`` (uvicorn, real sockets): an oversized body is refused
before it is read and the server's memory does not grow; X-Forwarded-For from a peer that is not a
trusted proxy is ignored (uvicorn's own default trust of 127.0.0.1 is off)."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.unit.validators.harness import Server

pytestmark = pytest.mark.slow

MIB = 1024 * 1024
CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("edges") / "server")
    srv.migrate()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS line")


def send_until_answered(port: int, head: bytes, chunks: Iterator[bytes]) -> tuple[int, int]:
    """Send ``head`` then body chunks until the server answers; (status, body bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        answer = b""
        for chunk in chunks:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        deadline = time.monotonic() + 10
        while b"\r\n" not in answer and time.monotonic() < deadline:
            answer += sock.recv(4096)
    return int(answer.split(b" ", 2)[1]), sent


def fixed_body(total: int) -> Iterator[bytes]:
    for _ in range(total // CHUNK):
        yield b"x" * CHUNK


def chunked_body(total: int) -> Iterator[bytes]:
    for _ in range(total // CHUNK):
        yield f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n"


def test_64_mib_login_body_is_refused_without_memory_growth(server: Server) -> None:
    assert server.proc is not None
    before = rss_kib(server.proc.pid)
    head = (f"POST /v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            f"Content-Length: {64 * MIB}\r\n\r\n").encode()
    status, sent = send_until_answered(server.port, head, fixed_body(64 * MIB))
    assert status == 413
    assert sent < 16 * MIB  # answered long before the body was through
    chunked_head = (b"POST /v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n")
    status, sent = send_until_answered(server.port, chunked_head, chunked_body(64 * MIB))
    assert status == 413
    assert sent < 16 * MIB
    grown_kib = rss_kib(server.proc.pid) - before
    assert grown_kib < 16 * 1024, f"server RSS grew by {grown_kib} KiB"
    assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200


def test_forwarded_for_from_an_untrusted_peer_is_ignored(server: Server) -> None:
    # VEXE_TRUSTED_PROXIES is unset: rotating X-Forwarded-For must not dodge the per-IP limit.
    codes = [
        httpx.post(f"{server.url}/v1/auth/refresh", json={"refresh_token": "nope"},
                   headers={"X-Forwarded-For": f"203.0.113.{i % 250}"}, timeout=5).status_code
        for i in range(61)
    ]
    assert codes[:60] == [401] * 60
    assert codes[60] == 429
