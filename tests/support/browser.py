"""The live `vexe serve` and the Chromium settings the browser tests share (their fixtures are in
tests/browser/conftest.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.serve import start_serve, stop_process

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
    demo_args: tuple[str, ...] = ()  # e.g. ("--history",): a week of sales and rides for the console
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
        self.demo = self.cli_json("vexe", "demo", *self.demo_args, "--json")

    def start(self) -> None:
        assert self.proc is None
        self.proc = start_serve(self.data_dir, self.port, self.env(), timeout_s=START_TIMEOUT_S)

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
            self.proc = None
def chromium_executable() -> str | None:
    """Debian's chromium (or VEXE_CHROMIUM); None means: use Playwright's own browser if it has one."""
    path = Path(os.environ.get("VEXE_CHROMIUM", "/usr/bin/chromium"))
    return str(path) if path.exists() else None



ContextFactory = Callable[..., Any]
PhoneFactory = Callable[..., tuple[Any, Any]]
