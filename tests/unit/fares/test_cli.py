"""``vexe fares check`` and ``vexe fares quote``: JSON out, one-line errors, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from vexe.cli import cli
from vexe.cli.common import run_guarded

DATA = Path(__file__).resolve().parents[3] / "data" / "gtfs"
Capture = pytest.CaptureFixture[str]

JOURNEY = {
    "rider_category": "pho_thong",
    "fare_media": "cash_metro",
    "legs": [
        {
            "route_id": "BUS_26",
            "from_stop_id": "B_MAI_DONG",
            "to_stop_id": "B_SVD_QG",
            "departure": "2025-10-14T07:00:00+07:00",
            "arrival": "2025-10-14T07:50:00+07:00",
        },
        {
            "route_id": "METRO_3",
            "from_stop_id": "M3_S08_P",
            "to_stop_id": "M3_S01_P",
            "departure": "2025-10-14T08:10:00+07:00",
            "arrival": "2025-10-14T08:30:00+07:00",
        },
    ],
}


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = run_guarded(cli, list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_json_clean_feed(capsys: Capture) -> None:
    code, out, err = run(capsys, "fares", "check", "--feed", str(DATA / "hanoi"), "--json")
    assert (code, json.loads(out), err) == (0, {"errors": [], "warnings": []}, "")


def test_check_broken_feed_exits_non_zero(capsys: Capture, tmp_path: Path) -> None:
    for f in (DATA / "zakroczym").glob("*.txt"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "fare_products.txt").write_text(
        "fare_product_id,amount,currency\nx,1.5,VND\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "fares", "check", "--feed", str(tmp_path), "--json")
    doc = json.loads(out)
    assert (code, err) == (1, f"error: the feed has {len(doc['errors'])} error(s)\n")
    assert "fare_products.txt:2: amount: VND allows 0 decimal places, got 1 in '1.5'" in doc["errors"]
    code, text, _ = run(capsys, "fares", "check", "--feed", str(tmp_path))
    assert code == 1
    assert (
        "error: fare_products.txt:2: amount: VND allows 0 decimal places, got 1 in '1.5'" in text.splitlines()
    )


def test_quote_from_file_and_stdin(capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "journey.json"
    path.write_text(json.dumps(JOURNEY), encoding="utf-8")
    code, out, err = run(capsys, "fares", "quote", "--feed", str(DATA / "hanoi"), "--journey", str(path))
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["total_minor"], doc["complete"], doc["currency"]) == (10000 + 15000, True, "VND")
    assert [leg["rule"] for leg in doc["legs"]] == ["fare_leg_rules.txt:10", "fare_leg_rules.txt:219"]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(JOURNEY)))
    code, again, _ = run(capsys, "fares", "quote", "--feed", str(DATA / "hanoi"), "--journey", "-")
    assert (code, json.loads(again)) == (0, doc)


@pytest.mark.parametrize(
    ("journey", "message"),
    [
        (
            "{",
            "error: journey is not JSON: Expecting property name enclosed in double quotes"
            " at line 1 column 2",
        ),
        ('{"legs": []}', "error: journey_invalid: legs: at least one leg is required"),
        (
            json.dumps({**JOURNEY, "rider_category": "vip"}),
            "error: rider_category_unknown: no rider category 'vip' in the feed",
        ),
        (
            json.dumps({"legs": [{**JOURNEY["legs"][0], "departure": "2025-10-14T07:00:00"}]}),  # type: ignore[dict-item]
            "error: journey_invalid: legs[0].departure: timestamp needs a UTC offset: '2025-10-14T07:00:00'",
        ),
    ],
)
def test_quote_bad_input_is_one_line(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, journey: str, message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(journey))
    code, out, err = run(capsys, "fares", "quote", "--feed", str(DATA / "hanoi"), "--journey", "-")
    assert (code, out, err) == (1, "", message + "\n")


def test_quote_unknown_fare_is_not_an_error(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    journey = {"legs": [{**JOURNEY["legs"][1], "to_stop_id": "M3_S12_P"}]}  # type: ignore[dict-item]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(journey)))
    code, out, _ = run(capsys, "fares", "quote", "--feed", str(DATA / "hanoi"), "--journey", "-")
    doc = json.loads(out)
    assert code == 0
    assert (doc["total_minor"], doc["complete"], doc["legs"][0]["amount_minor"]) == (None, False, None)
    assert doc["legs"][0]["reason"] == "pass_required"
