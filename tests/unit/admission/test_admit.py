"""The shared admission decision: every reason code from the pure function, on real signed codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.unit.admission.issuer import Issuer, forged
from tests.unit.admission.scene import BUS, GATE, GATE_2, NOW, Journal, snap
from ticketing.admission import (
    DeviceContext,
    admit,
)


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


def test_valid_bus_single_is_accepted(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(minutes=5))
    decision = admit(code, NOW, BUS, snap(issuer), Journal())
    assert decision.accepted
    assert decision.reason == "accepted"
    assert decision.ticket_id == ticket_id
    assert decision.ticket_kind == "single"


@pytest.mark.parametrize(
    ("code", "reason"),
    [("not a ticket", "malformed"), ("", "malformed")],
)
def test_garbage_is_malformed(issuer: Issuer, code: str, reason: str) -> None:
    assert admit(code, NOW, BUS, snap(issuer), Journal()).reason == reason


def test_forged_signature_and_unknown_key(issuer: Issuer) -> None:
    _, code = issuer.issue(valid_from=NOW)
    assert admit(forged(code), NOW, BUS, snap(issuer), Journal()).reason == "bad_signature"
    other = Issuer()
    _, foreign = other.issue(valid_from=NOW)
    assert admit(foreign, NOW, BUS, snap(issuer), Journal()).reason == "unknown_key"


def test_validity_window(issuer: Issuer) -> None:
    _, code = issuer.issue(valid_from=NOW + timedelta(hours=2))
    assert admit(code, NOW, BUS, snap(issuer), Journal()).reason == "not_yet_valid"
    _, old = issuer.issue(valid_from=NOW - timedelta(hours=30))
    assert admit(old, NOW, BUS, snap(issuer), Journal()).reason == "expired"


def test_revoked_ticket(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW)
    decision = admit(code, NOW, BUS, snap(issuer, frozenset({ticket_id})), Journal())
    assert (decision.accepted, decision.reason, decision.ticket_id) == (False, "revoked", ticket_id)


def test_product_of_another_operator_is_not_valid_here(issuer: Issuer) -> None:
    _, code = issuer.issue(valid_from=NOW, product="metro_single")
    assert admit(code, NOW, BUS, snap(issuer), Journal()).reason == "not_valid_here"


def test_metro_single_origin_and_destination_areas(issuer: Issuer) -> None:
    _, code = issuer.issue(valid_from=NOW, product="metro_single", origin="zone_b", destination="zone_a")
    assert admit(code, NOW, GATE, snap(issuer), Journal()).reason == "not_valid_here"
    _, good = issuer.issue(valid_from=NOW, product="metro_single", origin="zone_a", destination="zone_b")
    journal = Journal()
    assert admit(good, NOW, GATE, snap(issuer), journal).accepted
    # Tap-out at a gate of the origin zone is outside the ticket's destination.
    journal.add(admit(good, NOW, GATE, snap(issuer), journal).ticket_id or "", NOW, GATE)
    exit_gate = DeviceContext("gate-9", "HANOI_METRO", "metro", stop_id="M_CAT_LINH_B")
    later = NOW + timedelta(minutes=20)
    assert admit(good, later, exit_gate, snap(issuer), journal, "out").reason == "not_valid_here"
    far_gate = DeviceContext("gate-7", "HANOI_METRO", "metro", stop_id="M_HA_DONG")
    assert admit(good, later, far_gate, snap(issuer), journal, "out").accepted


def test_single_is_used_once(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(hours=2))
    journal = Journal()
    journal.add(ticket_id, NOW - timedelta(hours=1), BUS)
    assert admit(code, NOW, BUS, snap(issuer), journal).reason == "already_used"


def test_passback_on_the_same_vehicle_and_station_within_the_window(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(days=1), hours=24 * 30,
                                   product="bus_month", rides=None)
    journal = Journal()
    journal.add(ticket_id, NOW - timedelta(minutes=2), BUS)
    assert admit(code, NOW, BUS, snap(issuer), journal).reason == "passback"
    # Outside the window, or on another vehicle, the pass rides again.
    assert admit(code, NOW + timedelta(minutes=11), BUS, snap(issuer), journal).accepted
    other_bus = replace(BUS, device_id="bus-2", vehicle_id="29B-002")
    assert admit(code, NOW, other_bus, snap(issuer), journal).accepted


def test_passback_between_gates_of_one_station(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(days=1), hours=24 * 30,
                                   product="metro_month", rides=None)
    journal = Journal()
    journal.add(ticket_id, NOW - timedelta(minutes=1), GATE)
    assert admit(code, NOW, GATE_2, snap(issuer), journal).reason == "passback"
    assert admit(code, NOW, replace(GATE_2, passback_window_s=30), snap(issuer), journal).accepted


def test_tap_out_needs_a_tap_in(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(hours=1), product="metro_single")
    journal = Journal()
    assert admit(code, NOW, GATE, snap(issuer), journal, "out").reason == "tap_out_without_tap_in"
    journal.add(ticket_id, NOW - timedelta(minutes=30), GATE)
    assert admit(code, NOW, GATE_2, snap(issuer), journal, "out").accepted
    journal.add(ticket_id, NOW, GATE_2, "out")
    later = NOW + timedelta(minutes=1)
    assert admit(code, later, GATE, snap(issuer), journal, "out").reason == "tap_out_without_tap_in"
    # An entry older than the longest trip does not open the gate on the way out.
    stale_journal = Journal()
    stale_journal.add(ticket_id, NOW - timedelta(hours=5), GATE)
    assert admit(code, NOW, GATE, snap(issuer), stale_journal, "out").reason == "tap_out_without_tap_in"


def test_stale_snapshot_policy(issuer: Issuer) -> None:
    _, code = issuer.issue(valid_from=NOW - timedelta(minutes=5))
    old = snap(issuer, taken_at=NOW - timedelta(days=2))
    flagged = admit(code, NOW, BUS, old, Journal())
    assert flagged.accepted
    assert flagged.flags == ("snapshot_stale",)
    refused = admit(code, NOW, replace(BUS, stale_policy="reject"), old, Journal())
    assert (refused.accepted, refused.reason) == (False, "snapshot_stale")
    fresh = admit(code, NOW, replace(BUS, stale_policy="reject"), snap(issuer), Journal())
    assert fresh.accepted
    assert fresh.flags == ()


def test_revocation_wins_over_staleness(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW)
    old = snap(issuer, frozenset({ticket_id}), taken_at=NOW - timedelta(days=3))
    assert admit(code, NOW, replace(BUS, stale_policy="reject"), old, Journal()).reason == "revoked"


def test_naive_scan_time_is_a_programming_error(issuer: Issuer) -> None:
    _, code = issuer.issue(valid_from=NOW)
    with pytest.raises(ValueError, match="naive"):
        admit(code, NOW.replace(tzinfo=None), BUS, snap(issuer), Journal())


def test_spent_single_shown_again_at_once_is_already_used(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(hours=1))
    journal = Journal()
    journal.add(ticket_id, NOW - timedelta(seconds=20), BUS)
    assert admit(code, NOW, BUS, snap(issuer), journal).reason == "already_used"


def test_carnet_rides_until_its_rides_are_spent(issuer: Issuer) -> None:
    ticket_id, code = issuer.issue(valid_from=NOW - timedelta(hours=3), rides=2)
    journal = Journal()
    journal.add(ticket_id, NOW - timedelta(hours=2), BUS)
    assert admit(code, NOW, BUS, snap(issuer), journal).accepted
    journal.add(ticket_id, NOW - timedelta(hours=1), BUS)
    assert admit(code, NOW, BUS, snap(issuer), journal).reason == "already_used"
