"""Chart, transfer validation, apportionment, statements and reconciliation matching."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketing.ledger import chart
from ticketing.ledger.apportion import apportion, fee_minor
from ticketing.ledger.reconcile import match
from ticketing.ledger.statement import StatementLine, build_statement
from ticketing.ledger.transfers import TransferError, TransferSpec, validate


def test_chart_sides_and_floors() -> None:
    assert chart.spec_for(chart.psp("stripe")).normal_side == "debit"
    assert chart.spec_for(chart.operator("HN_BUS")).normal_side == "credit"
    assert chart.spec_for(chart.rider_wallet("r1")).floor_minor == 0
    assert chart.spec_for(chart.BANK).floor_minor is None
    with pytest.raises(chart.ChartError):
        chart.spec_for("assets:somewhere")
    with pytest.raises(chart.ChartError):
        chart.operator("bad id with spaces")
    assert chart.operator_of("liabilities:operator:HN_BUS") == "HN_BUS"


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (TransferSpec("t", chart.BANK, chart.BANK, 1, "VND", "payout"), "accounts_same"),
        (TransferSpec("t", chart.BANK, chart.UNEARNED, 0, "VND", "payout"), "amount_not_positive"),
        (TransferSpec("t", chart.BANK, chart.UNEARNED, 1, "XXX", "payout"), "currency_unknown"),
        (TransferSpec("t", chart.BANK, chart.UNEARNED, 1, "VND", "gift"), "code_unknown"),
        (TransferSpec("t", "assets:x", chart.UNEARNED, 1, "VND", "payout"), "account_unknown"),
        (TransferSpec("t", chart.BANK, chart.UNEARNED, 1, "VND", "hold", flag="pending"), "timeout_required"),
        (TransferSpec("t", "", "", 0, "VND", "hold", flag="post_pending"), "pending_id_required"),
        (TransferSpec("", chart.BANK, chart.UNEARNED, 1, "VND", "payout"), "transfer_id_invalid"),
    ],
)
def test_malformed_transfers(spec: TransferSpec, code: str) -> None:
    with pytest.raises(TransferError) as exc:
        validate(spec)
    assert exc.value.code == code


def test_fingerprint_ignores_the_id_only() -> None:
    a = TransferSpec("a", chart.BANK, chart.UNEARNED, 1, "VND", "payout")
    assert a.fingerprint() == TransferSpec("b", chart.BANK, chart.UNEARNED, 1, "VND", "payout").fingerprint()
    assert a.fingerprint() != TransferSpec("a", chart.BANK, chart.UNEARNED, 2, "VND", "payout").fingerprint()


@given(
    st.integers(0, 10**9),
    st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), st.integers(0, 1000), min_size=1),
)
def test_apportion_sums_exactly_and_is_order_free(amount: int, weights: dict[str, int]) -> None:
    if sum(weights.values()) == 0:
        with pytest.raises(ValueError, match="nothing to apportion"):
            apportion(amount, weights)
        return
    shares = apportion(amount, weights)
    assert sum(shares.values()) == amount
    assert shares == apportion(amount, dict(reversed(list(weights.items()))))
    total = sum(weights.values())
    for key, share in shares.items():
        assert abs(share * total - amount * weights[key]) < total


def test_apportion_example_and_fee() -> None:
    assert apportion(10000, {"HN_BUS": 2, "HANOI_METRO": 1}) == {"HN_BUS": 6667, "HANOI_METRO": 3333}
    assert fee_minor(6999, 100) == 69


def test_statement_is_deterministic_and_hashes_its_content() -> None:
    lines = [
        StatementLine("ride:b", "ride", "b", "r2", 9000),
        StatementLine("ride:a", "ride", "a", "r1", 7000),
        StatementLine("apportion:p:HN_BUS", "pass_apportion", "p", "p", 3333),
    ]
    one = build_statement(
        operator_id="HN_BUS",
        service_date=date(2025, 10, 14),
        currency="VND",
        rides=3,
        lines=lines,
        clearing_fee_bps=100,
        settlement_transfer_ids=["s:net", "s:fee"],
    )
    two = build_statement(
        operator_id="HN_BUS",
        service_date=date(2025, 10, 14),
        currency="VND",
        rides=3,
        lines=list(reversed(lines)),
        clearing_fee_bps=100,
        settlement_transfer_ids=["s:net", "s:fee"],
    )
    assert one.content_hash == two.content_hash
    assert one.document["gross_minor"] == 19333
    assert one.document["clearing_fee_minor"] == 193
    assert one.net_owed_minor == 19140
    assert one.csv_text.splitlines()[-1] == "total,,net_owed_minor,,,19140"


def test_match_classifies_each_difference() -> None:
    lines = match(
        {"ch_1": ("charge", 100), "re_1": ("refund", -50), "po_1": ("payout", -10)},
        {"ch_1": 100, "re_1": -40, "GHOST": 70},
    )
    assert {line.key: line.status for line in lines} == {
        "ch_1": "matched",
        "re_1": "amount_mismatch",
        "po_1": "missing_in_ledger",
        "GHOST": "missing_at_provider",
    }
