"""axe-core (web/app's devDependency, injected from node_modules) finds no serious or critical
accessibility violation on the main screens at phone size."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.app.flows import buy, sign_up
from tests.browser.conftest import REPO, PhoneFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = REPO / "web" / "app" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.fixture
def axe_source() -> Path:
    if not AXE.exists():
        reason = "axe-core is not installed: run `make assets-app` (npm ci in web/app)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE


def test_main_screens_have_no_serious_accessibility_violations(
    new_phone: PhoneFactory, axe_source: Path
) -> None:
    # bypass_csp lets the test inject axe's script; the app itself runs no inline script.
    _context, page = new_phone(bypass_csp=True)
    page.goto("/app/")
    page.get_by_test_id("login-submit").wait_for()
    report = {"login": violations(page)}
    sign_up(page)
    report["tickets (empty)"] = violations(page)
    buy(page, "bus_single_8000")
    report["ticket QR"] = violations(page)
    page.get_by_test_id("qr-frame").click()
    report["ticket QR, full screen"] = violations(page)
    page.get_by_test_id("qr-frame").press("Escape")
    for screen in ("shop", "wallet", "trips", "account", "tickets"):
        page.get_by_test_id(f"nav-{screen}").click()
        page.wait_for_load_state("networkidle")
        report[screen] = violations(page)
    page.get_by_test_id("lang-toggle").click()
    report["tickets (en)"] = violations(page)
    assert {screen: found for screen, found in report.items() if found} == {}
