"""The one tap wire schema: bounded codes, a lossless round trip, and shape errors only for what
no reader following the schema can write."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketing.admission.tap_wire import (
    CODE_CHARS_MAX,
    TapRecord,
    TapShapeError,
    bound_code,
    parse_tap,
    to_wire,
)

AT = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
TAP = TapRecord("01K7G2HRR0W0V1AY53NSN74GGX", 7, AT, "in", None, "BUS_18", "29B-001", "T1",
                "bus_single", "single", True, "accepted", ("snapshot_stale",), 3, "a.b.c")


@given(st.text(max_size=3000))
def test_bound_code_is_exact_when_it_can_be_and_storable_always(code: str) -> None:
    kept, digest = bound_code(code)
    assert len(kept) <= CODE_CHARS_MAX
    assert "\x00" not in kept
    kept.encode("utf-8")  # storable text: never raises
    if digest is None:
        assert kept == code
    else:
        assert digest == hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


def test_long_nul_and_surrogate_codes_are_bounded_with_their_hash() -> None:
    assert bound_code("") == ("", None)
    kept, digest = bound_code("Q" * 60_000)
    assert (kept, digest) == ("Q" * CODE_CHARS_MAX, hashlib.sha256(b"Q" * 60_000).hexdigest())
    assert bound_code("a\x00b")[1] is not None
    assert bound_code("\udcff")[1] is not None


def test_wire_round_trip_through_json() -> None:
    for tap in (TAP, replace(TAP, code=None, accepted=False, reason="malformed", ticket_id=None),
                replace(TAP, code="x" * CODE_CHARS_MAX, code_sha256="0" * 64)):
        assert parse_tap(json.loads(json.dumps(to_wire(tap)))) == tap
    assert "code_sha256" not in to_wire(TAP)  # the earlier wire shape, unchanged


def test_server_bounds_what_an_older_reader_sent() -> None:
    wire = {**to_wire(TAP), "code": "C" * 4096}
    parsed = parse_tap(wire)
    assert parsed.code == "C" * CODE_CHARS_MAX
    assert parsed.code_sha256 == hashlib.sha256(b"C" * 4096).hexdigest()
    assert not parsed.code_is_exact


def test_offsets_are_kept_as_the_same_instant() -> None:
    local = AT.astimezone(timezone(timedelta(hours=7)))
    assert parse_tap({**to_wire(TAP), "scanned_at": local.isoformat()}).scanned_at == AT


def test_meaning_is_not_judged_by_the_schema() -> None:
    """An accepted tap with no code or no ticket, or a reason that contradicts it, is well-formed:
    the server stores it and the evidence rule judges it."""
    for over in ({"code": None}, {"ticket_id": None}, {"reason": "revoked"},
                 {"scanned_at": "9999-12-31T00:00:00+00:00"}, {"scanned_at": "1969-12-31T23:00:00+00:00"}):
        parse_tap({**to_wire(TAP), **over})


@pytest.mark.parametrize(("over", "field"), [
    ({"sequence": 2**63}, "sequence"), ({"sequence": 0}, "sequence"), ({"sequence": True}, "sequence"),
    ({"snapshot_version": 2**70}, "snapshot_version"), ({"tap_id": "nope"}, "tap_id"),
    ({"scanned_at": "2025-10-14T01:00:00"}, "scanned_at"), ({"scanned_at": 1}, "scanned_at"),
    ({"scanned_at": "0001-01-01T00:00:00+07:00"}, "scanned_at"), ({"direction": "up"}, "direction"),
    ({"reason": "because"}, "reason"), ({"flags": ["x"]}, "flags"), ({"flags": [[[]]]}, "flags"),
    ({"stop_id": ""}, "stop_id"), ({"route_id": "r" * 65}, "route_id"), ({"code": 5}, "code"),
    ({"code_sha256": "XYZ"}, "code_sha256"), ({"extra": 1}, "extra"), ({"accepted": "yes"}, "accepted"),
])
def test_shapes_no_reader_writes_are_refused_naming_the_field(over: dict[str, object], field: str) -> None:
    with pytest.raises(TapShapeError) as refused:
        parse_tap({**to_wire(TAP), **over})
    assert refused.value.field == field
