"""A phone-bound ticket: the app makes a non-extractable P-256 key, registers it, and shows the
ticket with a proof it signs itself every 30-s step. Time is driven by the page clock and the
reader's ``--at``; the phone is offline while the code rotates. Each step's code is accepted in
its window and refused once two more steps have passed after its own (readers allow a proof two
steps of clock difference: 60 s)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.app.flows import buy, decode, enrolled_reader, qr_screenshot, scan, sign_up
from tests.browser.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP_S = 30


def shown_at_step(page: Any, step: int, path: Path) -> str:
    page.locator(f'[data-testid="ticket-qr"][data-step="{step}"]').wait_for()
    return decode(qr_screenshot(page, path))


def test_the_code_changes_each_step_and_dies_two_steps_later(
    live_server: LiveServer, phone: tuple[Any, Any], tmp_path: Path
) -> None:
    context, page = phone
    page.clock.install(time=datetime.now(UTC))
    sign_up(page)
    buy(page, "m2a_day", bind=True)
    context.set_offline(True)  # the phone signs each step itself: no network needed

    first_step = int(datetime.now(UTC).timestamp()) // STEP_S + 3
    t0 = datetime.fromtimestamp(first_step * STEP_S + 5, UTC)  # 5 s into a step, in the future
    page.clock.pause_at(t0)
    page.clock.run_for(1000)
    code0 = shown_at_step(page, first_step, tmp_path / "step0.png")
    page.clock.fast_forward(STEP_S * 1000)
    code1 = shown_at_step(page, first_step + 1, tmp_path / "step1.png")

    ticket0, proof0 = code0.split("~")
    ticket1, proof1 = code1.split("~")
    assert ticket0 == ticket1  # the same ticket, as issued, bound to this phone's key
    assert proof0 != proof1
    assert len(proof0) == len(proof1) == 88

    def at(seconds: int) -> str:
        return (t0 + timedelta(seconds=seconds)).isoformat()

    gates = [enrolled_reader(live_server, tmp_path, stop="M2A_01") for _ in range(3)]
    accepted0 = scan(live_server, gates[0], payload=code0, at=at(0))
    accepted1 = scan(live_server, gates[1], payload=code1, at=at(STEP_S))
    assert accepted0["accepted"] is True, accepted0
    assert accepted1["accepted"] is True, accepted1
    stale0 = scan(live_server, gates[2], payload=code0, at=at(3 * STEP_S))
    stale1 = scan(live_server, gates[2], payload=code1, at=at(4 * STEP_S))
    assert (stale0["accepted"], stale0["reason"]) == (False, "proof_stale"), stale0
    assert (stale1["accepted"], stale1["reason"]) == (False, "proof_stale"), stale1
    bare = scan(live_server, gates[2], payload=ticket0, at=at(0))
    assert (bare["accepted"], bare["reason"]) == (False, "proof_required"), bare
