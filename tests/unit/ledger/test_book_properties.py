"""Ledger invariants on the in-memory book: after any sequence of operations debits equal
credits per currency, floors hold (wallets never negative), retries are no-ops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketing.ledger import chart
from ticketing.ledger.balances import breaches_floor
from ticketing.ledger.book import Book, PostingRejected
from ticketing.ledger.transfers import TransferError, TransferSpec

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
ACCOUNTS = [
    chart.psp("stripe"),
    chart.UNEARNED,
    chart.operator("HN_BUS"),
    chart.rider_wallet("r1"),
    chart.rider_wallet("r2"),
    chart.BANK,
    chart.BREAKAGE,
    chart.PSP_FEES,
]

transfer = st.builds(
    lambda i, d, c, a, cur, flag: TransferSpec(
        id=f"t{i}",
        debit_account=ACCOUNTS[d],
        credit_account=ACCOUNTS[c],
        amount_minor=a,
        currency=cur,
        code="adjustment",
        flag=flag,
        timeout_at=NOW + timedelta(hours=1) if flag == "pending" else None,
    ),
    st.integers(0, 30),
    st.integers(0, len(ACCOUNTS) - 1),
    st.integers(0, len(ACCOUNTS) - 1),
    st.integers(1, 50_000),
    st.sampled_from(["VND", "PLN"]),
    st.sampled_from(["posted", "posted", "pending"]),
)
resolution = st.builds(
    lambda i, j, post: TransferSpec(
        id=f"r{i}",
        debit_account="",
        credit_account="",
        amount_minor=0,
        currency="VND",
        code="hold",
        flag="post_pending" if post else "void_pending",
        pending_id=f"t{j}",
    ),
    st.integers(0, 10),
    st.integers(0, 30),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(transfer, resolution), min_size=1, max_size=3), max_size=40))
def test_any_sequence_keeps_the_books_balanced_and_floors(groups: list[list[TransferSpec]]) -> None:
    book = Book()
    for group in groups:
        before = {k: (v.debits_posted, v.credits_posted) for k, v in book.balances.items()}
        try:
            book.post(group, NOW)
        except (PostingRejected, TransferError):
            after = {k: (v.debits_posted, v.credits_posted) for k, v in book.balances.items() if k in before}
            assert after == before  # all or nothing
        for currency in ("VND", "PLN"):
            debits, credits = book.totals(currency)
            assert debits == credits
        for (name, _currency), balance in book.balances.items():
            assert not breaches_floor(chart.spec_for(name), balance)
            assert balance.debits_pending >= 0
            assert balance.credits_pending >= 0


def test_retry_is_first_result_and_other_body_is_refused() -> None:
    book = Book()
    topup = TransferSpec("a", chart.psp("stripe"), chart.rider_wallet("r1"), 1000, "VND", "wallet_topup")
    book.post([topup], NOW)
    book.post([topup], NOW)
    assert book.balance(chart.rider_wallet("r1"), "VND").credits_posted == 1000
    with pytest.raises(PostingRejected) as exc:
        book.post(
            [TransferSpec("a", chart.psp("stripe"), chart.rider_wallet("r1"), 999, "VND", "wallet_topup")],
            NOW,
        )
    assert exc.value.code == "transfer_id_reused"


def test_wallet_floor_rejects_the_whole_linked_group() -> None:
    book = Book()
    book.post(
        [TransferSpec("a", chart.psp("stripe"), chart.rider_wallet("r1"), 1000, "VND", "wallet_topup")], NOW
    )
    ok = TransferSpec("b", chart.rider_wallet("r1"), chart.operator("HN_BUS"), 600, "VND", "wallet_charge")
    too_much = TransferSpec(
        "c", chart.rider_wallet("r1"), chart.operator("HN_BUS"), 600, "VND", "wallet_charge"
    )
    with pytest.raises(PostingRejected) as exc:
        book.post([ok, too_much], NOW)
    assert exc.value.code == "exceeds_floor"
    assert "b" not in book.transfers
    assert book.balance(chart.rider_wallet("r1"), "VND").credits_posted == 1000


def test_pending_posts_or_voids_once_and_expires() -> None:
    book = Book()
    book.post(
        [TransferSpec("w", chart.psp("stripe"), chart.rider_wallet("r1"), 1000, "VND", "wallet_topup")], NOW
    )
    hold = TransferSpec(
        "h",
        chart.rider_wallet("r1"),
        chart.operator("HN_BUS"),
        800,
        "VND",
        "hold",
        flag="pending",
        timeout_at=NOW + timedelta(minutes=5),
    )
    book.post([hold], NOW)
    second = TransferSpec(
        "h2",
        chart.rider_wallet("r1"),
        chart.operator("HN_BUS"),
        300,
        "VND",
        "hold",
        flag="pending",
        timeout_at=NOW + timedelta(minutes=5),
    )
    with pytest.raises(PostingRejected):  # the held 800 is not available
        book.post([second], NOW)
    post = TransferSpec("p", "", "", 500, "VND", "hold", flag="post_pending", pending_id="h")
    book.post([post], NOW)
    wallet = book.balance(chart.rider_wallet("r1"), "VND")
    assert (wallet.debits_posted, wallet.debits_pending) == (500, 0)
    with pytest.raises(PostingRejected) as again:
        book.post([TransferSpec("v", "", "", 0, "VND", "hold", flag="void_pending", pending_id="h")], NOW)
    assert again.value.code == "pending_already_resolved"
    late = TransferSpec(
        "h3",
        chart.rider_wallet("r1"),
        chart.operator("HN_BUS"),
        100,
        "VND",
        "hold",
        flag="pending",
        timeout_at=NOW + timedelta(minutes=1),
    )
    book.post([late], NOW)
    with pytest.raises(PostingRejected) as expired:
        book.post(
            [TransferSpec("p3", "", "", 0, "VND", "hold", flag="post_pending", pending_id="h3")],
            NOW + timedelta(minutes=2),
        )
    assert expired.value.code == "pending_expired"
