"""A re-signed ticket (a pass activated in the app): the snapshot's supersede entry admits only
the code with the current window and refuses older codes of the same ticket id as ``revoked``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.unit.admission.issuer import Issuer
from ticketing.admission import DeviceContext, PriorTap, Snapshot, admit
from ticketing.admission.ticket_keys import keyring_from_jwks
from ticketing.tickets import TicketClaims, new_ticket_id, sign_ticket

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
BUS = DeviceContext("bus-1", "HN_BUS", "bus", vehicle_id="29B-001", route_id="BUS_18")
GATE = DeviceContext("gate-1", "HANOI_METRO", "metro", stop_id="M_CAT_LINH_A")


class NoTaps:
    def accepted_taps(self, ticket_id: str) -> Sequence[PriorTap]:
        return []


def codes(issuer: Issuer, activated_at: datetime) -> tuple[TicketClaims, str, TicketClaims, str]:
    """The code sold (activation claim ``a``) and the code re-signed at in-app activation."""
    bought = NOW - timedelta(days=3)
    old = TicketClaims(
        ticket_id=new_ticket_id(), fare_product_id="week", rider_category_id="pho_thong",
        fare_media_id=None, valid_from=bought, valid_until=bought + timedelta(days=37),
        activation_days=7,
    )
    new = replace(old, valid_from=activated_at, valid_until=activated_at + timedelta(days=7),
                  activation_days=None)
    return (old, sign_ticket(old, issuer.private_key, issuer.kid),
            new, sign_ticket(new, issuer.private_key, issuer.kid))


def snapshot(issuer: Issuer, superseded: dict[str, tuple[datetime, datetime]]) -> Snapshot:
    return Snapshot(3, NOW, keyring_from_jwks(issuer.jwks()), frozenset(), superseded=superseded)


def test_screenshot_of_the_old_code_is_refused_once_superseded() -> None:
    issuer = Issuer()
    old, old_code, new, new_code = codes(issuer, NOW - timedelta(days=1))
    before = snapshot(issuer, {})
    # Without the entry a reader that never saw the ticket would start a fresh period on it.
    assert admit(old_code, NOW + timedelta(days=20), BUS, before, NoTaps()).accepted
    after = snapshot(issuer, {old.ticket_id: (new.valid_from, new.valid_until)})
    for at in (NOW, NOW + timedelta(days=20)):
        refused = admit(old_code, at, BUS, after, NoTaps())
        assert (refused.accepted, refused.reason, refused.ticket_id) == (False, "revoked", old.ticket_id)
        assert "superseded" in refused.detail
    for device in (BUS, GATE):  # the current code at every reader
        assert admit(new_code, NOW, device, after, NoTaps()).accepted
    assert admit(new_code, new.valid_until + timedelta(days=1), BUS, after, NoTaps()).reason == "expired"


def test_a_tap_made_before_activation_is_judged_by_the_code_of_that_time() -> None:
    """The server re-judges a tap uploaded late: before the re-signing minute the old code was the
    ticket's code; from that minute on it is refused."""
    issuer = Issuer()
    old, old_code, new, _ = codes(issuer, NOW - timedelta(days=1))
    after = snapshot(issuer, {old.ticket_id: (new.valid_from, new.valid_until)})
    assert admit(old_code, new.valid_from - timedelta(minutes=1), BUS, after, NoTaps()).accepted
    assert admit(old_code, new.valid_from, BUS, after, NoTaps()).reason == "revoked"


def test_same_minute_activation_is_still_told_apart() -> None:
    """Activated in the minute it was bought: same start, the window's end tells the codes apart."""
    issuer = Issuer()
    old, old_code, new, new_code = codes(issuer, NOW - timedelta(days=3))
    assert old.valid_from == new.valid_from
    after = snapshot(issuer, {old.ticket_id: (new.valid_from, new.valid_until)})
    assert admit(old_code, NOW, BUS, after, NoTaps()).reason == "revoked"
    assert admit(new_code, NOW, BUS, after, NoTaps()).accepted


def test_other_tickets_and_full_denies_are_unchanged() -> None:
    issuer = Issuer()
    old, _, new, new_code = codes(issuer, NOW - timedelta(days=1))
    other_id, other_code = issuer.issue(valid_from=NOW - timedelta(minutes=5))
    entries = {old.ticket_id: (new.valid_from, new.valid_until)}
    assert admit(other_code, NOW, BUS, snapshot(issuer, entries), NoTaps()).accepted
    denied = replace(snapshot(issuer, entries), denylist=frozenset({old.ticket_id}))
    refused = admit(new_code, NOW, BUS, denied, NoTaps())  # refunded after activation: all codes
    assert (refused.reason, refused.detail) == ("revoked", "")
    assert other_id not in entries
