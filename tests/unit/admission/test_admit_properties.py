"""Properties of the admission decision over random scan sequences (hypothesis)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.admission.issuer import Issuer
from tests.unit.admission.scene import BUS, GATE, GATE_2, NOW, Journal, snap
from ticketing.admission import REASON_CODES, admit

ISSUER = Issuer()
SINGLE = ISSUER.issue(valid_from=NOW - timedelta(hours=1), product="metro_single")
CARNET = ISSUER.issue(valid_from=NOW - timedelta(hours=1), product="metro_single", rides=3)
PASS = ISSUER.issue(valid_from=NOW - timedelta(days=1), hours=24 * 30, product="metro_month", rides=None)
REVOKED = ISSUER.issue(valid_from=NOW - timedelta(hours=1), product="metro_single")
TICKETS = [SINGLE, CARNET, PASS, REVOKED]
DEVICES = [GATE, GATE_2, BUS]
SNAPSHOT = snap(ISSUER, frozenset({REVOKED[0]}))

scan = st.tuples(st.integers(0, 3), st.integers(0, 2), st.sampled_from(["in", "out"]),
                 st.integers(0, 900))


@settings(max_examples=150, deadline=None)
@given(st.lists(scan, min_size=1, max_size=25))
def test_no_ticket_rides_more_than_it_allows(scans: list[tuple[int, int, str, int]]) -> None:
    journal = Journal()
    at = NOW
    entries: dict[str, int] = {}
    for ticket_index, device_index, direction, gap_s in scans:
        ticket_id, code = TICKETS[ticket_index]
        device = DEVICES[device_index]
        at = at + timedelta(seconds=gap_s)
        decision = admit(code, at, device, SNAPSHOT, journal, "out" if direction == "out" else "in")
        assert decision.reason in REASON_CODES
        assert decision.accepted == (decision.reason == "accepted")
        if decision.accepted:
            assert ticket_id != REVOKED[0]
            journal.add(ticket_id, at, device, direction)
            if direction == "in":
                entries[ticket_id] = entries.get(ticket_id, 0) + 1
        if direction == "out" and decision.reason == "tap_out_without_tap_in":
            prior = journal.accepted_taps(ticket_id)
            assert not prior or prior[-1].direction == "out" or at - prior[-1].scanned_at > timedelta(
                seconds=device.max_trip_s)
    assert entries.get(SINGLE[0], 0) <= 1
    assert entries.get(CARNET[0], 0) <= 3
