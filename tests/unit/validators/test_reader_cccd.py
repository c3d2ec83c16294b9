"""CCCD free riders and the fare at the tap on the reader: salted hashes only, never the number."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from tests.unit.admission.issuer import Issuer
from ticketing.admission.cccd import number_hash, salted_hash
from ticketing.admission.snapshot_doc import merge
from ticketing.core.clock import FixedClock
from validators.cli import cli
from validators.journal import Journal
from validators.reader import Reader
from validators.store import Identity, Store

NOW = datetime(2026, 7, 2, 1, 0, tzinfo=UTC)  # 08:00 in Hanoi
READER_KEY = b"k" * 32
SALT = b"s" * 16
ELIGIBLE = "001234567890"
UNKNOWN = "079999999999"
PAYG = {"METRO_2A": {"M2A_12": {"*": 19050, "M2A_01": 19050, "M2A_09": 10550}}}


def make_store(root: Path, issuer: Issuer, *, stop: str | None = None, cccd: bool = True) -> Store:
    store = Store(root)
    root.mkdir(parents=True, exist_ok=True)
    store.save_identity(Identity("gate-1", "http://127.0.0.1:9"))
    Journal.create(store.journal_path, "gate-1").close()
    delta = {
        "version": 7,
        "server_time": NOW.isoformat(),
        "keys": issuer.jwks(),
        "denylist": {"full": True, "added": [], "removed": []},
        "fares": {
            "version": "v1",
            "stops": {"M2A_12_P": {"station": "M2A_12"}, "M2A_09_P": {"station": "M2A_09"}},
            "route_operators": {"METRO_2A": "HANOI_METRO"},
            "products": {},
            "payg": PAYG,
            "timezone": "Asia/Ho_Chi_Minh",
        },
        "device": {"operator_id": "HANOI_METRO", "mode": "metro", "stop_id": stop, "route_id": "METRO_2A",
                   "snapshot_max_age_s": 3600},
    }
    if cccd:
        delta["cccd"] = {
            "version": 7,
            "reader_key": base64.b64encode(READER_KEY).decode(),
            "salt": base64.b64encode(SALT).decode(),
            "hashes": [salted_hash(SALT, number_hash(READER_KEY, ELIGIBLE))],
        }
    store.save_snapshot_doc(merge(None, delta))
    return store


def test_eligible_card_rides_free_and_passback_applies(tmp_path: Path) -> None:
    reader = Reader(make_store(tmp_path, Issuer(), stop="M2A_12_P"), FixedClock(NOW))
    first = reader.scan_cccd(ELIGIBLE)
    again = reader.scan_cccd("0012 3456 7890", NOW + timedelta(minutes=2))
    assert (first.decision.accepted, first.decision.reason) == (True, "accepted")
    assert (first.display.fare_minor, first.display.vi, first.display.en) == (0, "Miễn phí", "Free")
    assert (again.decision.accepted, again.decision.reason) == (False, "passback")
    later = reader.scan_cccd(ELIGIBLE, NOW + timedelta(minutes=30))
    assert later.decision.accepted
    reader.close()


def test_unknown_card_is_refused_not_eligible(tmp_path: Path) -> None:
    reader = Reader(make_store(tmp_path, Issuer(), stop="M2A_12_P"), FixedClock(NOW))
    result = reader.scan_cccd(UNKNOWN)
    assert (result.decision.accepted, result.decision.reason) == (False, "not_eligible")
    assert result.display.fare_minor is None
    assert result.display.en == "Refused: ID card not registered for free rides"
    assert reader.scan_cccd("12345").decision.reason == "malformed"
    reader.close()


def test_no_cccd_list_refuses_every_card(tmp_path: Path) -> None:
    reader = Reader(make_store(tmp_path, Issuer(), stop="M2A_12_P", cccd=False), FixedClock(NOW))
    assert reader.scan_cccd(ELIGIBLE).decision.reason == "not_eligible"
    reader.close()


def test_taps_and_journal_never_hold_the_number(tmp_path: Path) -> None:
    store = make_store(tmp_path, Issuer(), stop="M2A_12_P")
    reader = Reader(store, FixedClock(NOW))
    accepted = reader.scan_cccd(ELIGIBLE)
    refused = reader.scan_cccd(UNKNOWN, NOW + timedelta(minutes=1))
    taps = list(reader.journal.all_taps())
    reader.close()
    salted = salted_hash(SALT, number_hash(READER_KEY, ELIGIBLE))
    assert taps[0].code == f"cccd:{salted}"
    assert taps[0].ticket_id == accepted.decision.ticket_id == f"cccd-{salted[:32]}"
    assert (taps[0].snapshot_version, taps[0].fare_product_id) == (7, "cccd_free")
    assert refused.tap.code.startswith("cccd:")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert ELIGIBLE.encode() not in data, path
            assert UNKNOWN.encode() not in data, path


def test_cli_scan_cccd_json_and_run_lines(tmp_path: Path) -> None:
    make_store(tmp_path, Issuer(), stop="M2A_12_P")
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", "--store", str(tmp_path), "--cccd", ELIGIBLE,
                                 "--at", NOW.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert {k: doc[k] for k in ("accepted", "reason", "fare_minor", "display")} == {
        "accepted": True, "reason": "accepted", "fare_minor": 0, "display": {"vi": "Miễn phí", "en": "Free"}}
    assert doc["ticket_id"].startswith("cccd-")
    assert doc["tap_id"]
    lines = runner.invoke(cli, ["run", "--store", str(tmp_path)], input=f"cccd:{UNKNOWN}\n")
    assert lines.exit_code == 0, lines.output
    assert json.loads(lines.output.splitlines()[0])["reason"] == "not_eligible"
    both = runner.invoke(cli, ["scan", "--store", str(tmp_path), "--cccd", ELIGIBLE, "--payload", "x"])
    assert both.exit_code != 0


def test_payg_display_estimate_at_tap_on_and_final_at_tap_off(tmp_path: Path) -> None:
    issuer = Issuer()
    _, code = issuer.issue(valid_from=NOW - timedelta(hours=1), product="PAYG", rides=None, hours=24 * 30)
    entry = Reader(make_store(tmp_path / "in", issuer, stop="M2A_12_P"), FixedClock(NOW))
    on = entry.scan(code)
    assert on.decision.accepted
    assert (on.display.fare_minor, on.display.en) == (
        19050, "Estimated fare 19.050 ₫ (to the end of the route if you do not tap off)")
    assert on.display.vi.startswith("Giá ước tính 19.050 ₫")
    # tap-off at Hà Đông on a reader that shares the journal (same store, an exit gate)
    assert entry.device is not None
    entry.device = replace(entry.device, stop_id="M2A_09_P")
    off = entry.scan(code, NOW + timedelta(minutes=20), "out")
    assert (off.decision.accepted, off.display.fare_minor) == (True, 10550)
    assert (off.display.vi, off.display.en) == ("Giá vé 10.550 ₫", "Fare 10.550 ₫")
    assert off.as_json()["fare_minor"] == 10550
    entry.close()


def test_pass_display_shows_until_in_hanoi_time(tmp_path: Path) -> None:
    issuer = Issuer()
    _, code = issuer.issue(valid_from=NOW - timedelta(hours=1), product="m2a_day", rides=None, hours=24)
    reader = Reader(make_store(tmp_path, issuer, stop="M2A_12_P"), FixedClock(NOW))
    result = reader.scan(code)
    local_until = NOW - timedelta(hours=1) + timedelta(hours=24) + timedelta(hours=7)
    assert result.display.fare_minor is None
    assert result.display.en == f"Covered by pass until {local_until.strftime('%H:%M %d/%m/%Y')}"
    assert result.display.vi.startswith("Vé còn hiệu lực đến ")
    reader.close()


def test_day_cap_reached_is_shown_on_the_capped_routes_that_day(tmp_path: Path) -> None:
    issuer = Issuer()
    ticket_id, code = issuer.issue(
        valid_from=NOW - timedelta(hours=1), product="PAYG", rides=None, hours=24 * 30
    )
    store = make_store(tmp_path, issuer, stop="M2A_12_P")
    doc = store.snapshot_doc()
    assert doc is not None
    delta = {**doc, "server_time": doc["taken_at"], "denylist": {"full": True, "added": [], "removed": []},
             "payg_capped": {"day": "2026-07-02", "tickets": {ticket_id: ["METRO_2A"]}}}
    store.save_snapshot_doc(merge(None, delta))
    reader = Reader(store, FixedClock(NOW))
    capped = reader.scan(code)
    assert (capped.display.fare_minor, capped.display.en) == (0, "Day cap reached — no charge")
    assert capped.display.vi.startswith("Đã đạt mức trần ngày")
    reader.close()
    # the next local day (or another route) shows the fare again
    yesterday = {"day": "2026-07-01", "tickets": {ticket_id: ["METRO_2A"]}}
    store.save_snapshot_doc(merge(None, {**delta, "payg_capped": yesterday}))
    reader = Reader(store, FixedClock(NOW))
    assert reader.scan(code, NOW + timedelta(hours=1)).display.fare_minor == 19050
    reader.close()
