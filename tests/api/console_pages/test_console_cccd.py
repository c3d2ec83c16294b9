"""Chip-ID (CCCD) free riders in the console: a reviewer registers a card and sees only its
reference, never the number; an auditor reads without a form; an operator is refused; a bad
number is a clear problem."""

from __future__ import annotations

from fastapi import FastAPI

from tests.support.console_pages import login
from ticketing.runtime import Runtime

NUMBER = "001089012345"


async def test_a_reviewer_registers_a_card_and_the_number_is_never_shown(
    app: FastAPI, console_network: Runtime
) -> None:
    console_network.cccd_secret = b"console-test-secret"
    async with await login(app, "xet-duyet") as console:
        page = await console.client.get("/console/cccd")
        assert page.status_code == 200
        assert 'data-testid="cccd-form"' in page.text
        done = await console.post("/console/cccd", {"number": NUMBER, "category": "nguoi_cao_tuoi"})
        assert done.status_code == 303, done.text
        shown = await console.client.get(done.headers["location"])
        assert 'data-testid="cccd-registered"' in shown.text
        assert "nguoi_cao_tuoi" in shown.text
        assert NUMBER not in shown.text
        again = await console.post("/console/cccd", {"number": NUMBER, "category": "nguoi_cao_tuoi"})
        assert again.status_code == 303  # idempotent: the same card, the same reference
        assert again.headers["location"] == done.headers["location"]
        bad = await console.post("/console/cccd", {"number": "12AB", "category": "nguoi_cao_tuoi"})
        assert bad.status_code == 422
        assert "12" in bad.text
        assert NUMBER not in bad.text
    async with await login(app, "quan-tri") as admin:
        audit = await admin.client.get("/console/audit")
        assert "cccd" in audit.text
        assert NUMBER not in audit.text


async def test_an_auditor_reads_and_an_operator_is_refused(app: FastAPI, console_network: Runtime) -> None:
    console_network.cccd_secret = b"console-test-secret"
    async with await login(app, "kiem-toan") as auditor:
        page = await auditor.client.get("/console/cccd")
        assert page.status_code == 200
        assert 'data-testid="cccd-form"' not in page.text
        refused = await auditor.post("/console/cccd", {"number": NUMBER, "category": "nguoi_cao_tuoi"})
        assert refused.status_code == 403
    async with await login(app, "xe-buyt") as operator:
        assert (await operator.client.get("/console/cccd")).status_code == 403
        refused = await operator.post("/console/cccd", {"number": NUMBER, "category": "nguoi_cao_tuoi"})
        assert refused.status_code == 403
