"""Laptop screenshots of the console's main pages. Every run checks each page renders with no
console error; with VEXE_UPDATE_SCREENSHOTS=1 the images also replace the console pictures in
the docs image folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.console_browser import ConsoleWorld, console_login

pytestmark = pytest.mark.slow
DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"


def test_main_pages_render_for_the_docs(
    console_page: Any, console_world: ConsoleWorld, tmp_path: Path
) -> None:
    errors: list[str] = []
    console_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    console_page.goto("/console/login")
    shots = {"login": None}
    console_page.screenshot(path=str(tmp_path / "console-login.png"))
    console_login(console_page, *console_world.accounts["admin"])
    pages = {
        "dashboard": "/console/",
        "settlement": "/console/settlement",
        "statement": f"/console/settlement/HN_BUS/{console_world.yesterday}/VND",
        "devices": "/console/devices",
        "exceptions": "/console/exceptions?state=all",
        "tickets": "/console/tickets",
        "fares": "/console/fares",
        "concessions": "/console/concessions?status=all",
        "staff": "/console/staff",
        "audit": "/console/audit",
    }
    for name, url in pages.items():
        assert console_page.goto(url).status == 200, url
        console_page.screenshot(path=str(tmp_path / f"console-{name}.png"), full_page=name != "audit")
        shots[name] = None
    assert not errors, errors  # e.g. a CSP violation would show here
    if os.environ.get("VEXE_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        for name in shots:
            shutil.copyfile(tmp_path / f"console-{name}.png", DOCS_IMG / f"console-{name}.png")
