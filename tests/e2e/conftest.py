"""End-to-end fixtures: a real ``vexe serve`` on a fresh SQLite store with the Hanoi demo loaded."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.validators.harness import BIN, Server, server_env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "server")
    srv.migrate()
    demo = subprocess.run([str(BIN / "vexe"), "demo", "--json"], env=server_env(srv.data_dir),
                          capture_output=True, text=True, timeout=300, check=False)
    assert demo.returncode == 0, demo.stderr
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
