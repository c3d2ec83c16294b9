"""A real ``vexe serve`` subprocess for end-to-end and browser tests: start it and wait for
``/healthz``, stop it (terminate, then kill). One mechanism for every live-server fixture."""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def start_serve(
    data_dir: Path, port: int, env: dict[str, str], *, timeout_s: float
) -> subprocess.Popen[bytes]:
    """``vexe serve`` on 127.0.0.1:``port``, its output in ``data_dir/server.log``; returns once
    ``/healthz`` answers 200, or raises with the log's tail."""
    log_path = data_dir / "server.log"
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [str(BIN / "vexe"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"vexe serve exited: {log_path.read_text()[-2000:]}")
        with suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0).status_code == 200:
                return proc
        time.sleep(0.1)  # polling a starting process, bounded by the deadline
    stop_process(proc)
    raise RuntimeError("vexe serve did not answer /healthz in time")


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
