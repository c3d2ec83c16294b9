"""``vexe keys`` and ``vexe tickets`` on the embedded default (SQLite under VEXE_DATA_DIR)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from tests.conftest import REPO_ROOT
from ticketing.tickets import IssuerKeySet, verify_presentation
from vexe import migrate
from vexe.cli import cli

KEK = "cli-test-key-encryption-key-0123456789abcdef"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    migrate.upgrade(f"sqlite+aiosqlite:///{(data_dir / 'vexe.db').as_posix()}")
    environment = {"VEXE_DATA_DIR": str(data_dir), "VEXE_ENV": "development"}
    imported = CliRunner().invoke(
        cli,
        [
            "fares",
            "import",
            "--feed",
            str(REPO_ROOT / "data" / "gtfs" / "hanoi"),
            "--activate-from",
            "2025-01-01T00:00:00+07:00",
        ],
        env=environment,
    )
    assert imported.exit_code == 0, imported.output
    return environment


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_counter_sale_contract(env: dict[str, str], tmp_path: Path) -> None:
    jwks = json.loads(run(env, "keys", "jwks"))  # embedded default: the first key is made here
    assert [k["kty"] for k in jwks["keys"]] == ["OKP"]
    key_file = Path(env["VEXE_DATA_DIR"]) / "keys" / "tickets" / f"{jwks['keys'][0]['kid']}.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    png = tmp_path / "ticket.png"
    sold = json.loads(
        run(
            env,
            "tickets",
            "issue",
            "--product",
            "m2a_single_h03",
            "--category",
            "pho_thong",
            "--media",
            "cash_metro",
            "--png",
            str(png),
            "--json",
        )
    )
    assert {"ticket_id", "code", "fare_product_id", "valid_from", "valid_until", "amount_minor"} <= set(sold)
    assert (sold["fare_product_id"], sold["amount_minor"]) == ("m2a_single_h03", 11000)
    scanned = zxingcpp.read_barcodes(Image.open(png), formats=zxingcpp.BarcodeFormat.QRCode)
    assert scanned[0].text == sold["code"]
    keys = IssuerKeySet.from_jwks(jwks)
    assert verify_presentation(sold["code"], keys, datetime.fromisoformat(sold["valid_from"])).accepted

    revoked = json.loads(
        run(env, "tickets", "revoke", sold["ticket_id"], "--reason", "lost at the counter", "--json")
    )
    assert revoked == {"ticket_id": sold["ticket_id"], "status": "revoked", "reason": "lost at the counter"}
    # Without --json the success line is on stdout too (errors alone go to stderr).
    assert run(env, "tickets", "revoke", sold["ticket_id"], "--reason", "again").strip() == (
        f"revoked {sold['ticket_id']}"
    )
    shown = json.loads(run(env, "tickets", "show", sold["ticket_id"], "--json"))
    assert shown["status"] == "revoked"
    assert shown["history"][-1]["reason"] == "lost at the counter"
    # One time format: RFC 3339 with the network's offset (the feed's Asia/Ho_Chi_Minh), never +00:00.
    for stamp in (sold["valid_from"], sold["valid_until"], shown["history"][-1]["at"]):
        assert stamp.endswith("+07:00"), stamp
        assert "T" in stamp
    # Status changes use the API's names.
    assert (shown["history"][-1]["from_status"], shown["history"][-1]["to_status"]) == ("active", "revoked")
    denied = json.loads(run(env, "tickets", "denylist"))
    assert [a["ticket_id"] for a in denied["added"]] == [sold["ticket_id"]]


def test_errors_are_one_line(env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        cli, ["tickets", "issue", "--product", "nope", "--category", "pho_thong", "--json"], env=env
    )
    assert result.exit_code != 0
    assert result.stdout == ""
    result = CliRunner().invoke(
        cli,
        ["tickets", "issue", "--product", "m2a_single_h03", "--category", "pho_thong", "--media", "x"],
        env=env,
    )
    assert result.exit_code != 0
    result = CliRunner().invoke(cli, ["tickets", "revoke", "0000000000ZZ", "--reason", "x"], env=env)
    assert result.exit_code != 0


def test_keys_with_a_key_encryption_key(env: dict[str, str]) -> None:
    env = env | {"VEXE_KEY_ENCRYPTION_KEY": KEK}
    first = json.loads(run(env, "keys", "create", "--json"))
    assert (first["storage"], first["state"]) == ("db", "active")
    second = json.loads(run(env, "keys", "rotate", "--activate-in-hours", "1", "--json"))
    assert second["state"] == "pending"
    listed = json.loads(run(env, "keys", "list", "--json"))
    assert [k["kid"] for k in listed] == [first["kid"], second["kid"]]
    sold = json.loads(
        run(env, "tickets", "issue", "--product", "bus_single_8000", "--category", "pho_thong", "--json")
    )
    jwks = json.loads(run(env, "keys", "jwks"))
    assert [k["kid"] for k in jwks["keys"]] == [first["kid"], second["kid"]]
    run(env, "keys", "retire", first["kid"], "--reason", "test")
    keys = IssuerKeySet.from_jwks(json.loads(run(env, "keys", "jwks")))
    verdict = verify_presentation(sold["code"], keys, datetime.now(UTC))
    assert verdict.reason == "unknown_key"  # type: ignore[union-attr]
