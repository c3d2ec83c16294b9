"""Console formatting: amounts as ``18.625 ₫``, times in Asia/Ho_Chi_Minh, chart scales."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.charts import amounts_by_label, nice_top, per_day, per_quarter_hour
from console.text import local_time, money, pick


@pytest.mark.parametrize(("minor", "shown"), [
    (18625, "18.625 ₫"), (0, "0 ₫"), (7, "7 ₫"), (1_234_567, "1.234.567 ₫"), (-8000, "-8.000 ₫"), (None, "–"),
])
def test_money_uses_dots_and_the_dong_sign(minor: int | None, shown: str) -> None:
    assert money(minor) == shown


def test_other_currencies_keep_their_code() -> None:
    assert money(500, "CAD") == "500 CAD"


def test_times_are_shown_in_hanoi() -> None:
    assert local_time(datetime(2025, 10, 14, 17, 30, tzinfo=UTC)) == "2025-10-15 00:30"
    assert local_time(datetime(2025, 10, 14, 1, 2, 3, tzinfo=UTC), seconds=True) == "2025-10-14 08:02:03"
    assert local_time(None) == "–"


def test_vietnamese_first() -> None:
    assert pick("vi", "Vé", "Ticket") == "Vé"
    assert pick("en", "Vé", "Ticket") == "Ticket"
    assert pick("fr", "Vé", "Ticket") == "Vé"


@pytest.mark.parametrize(("values", "top"), [
    ([], 4), ([0, 3], 4), ([5], 5), ([7], 10), ([17_598], 20_000), ([100], 100), ([101], 200),
    ([4_999], 5_000),
])
def test_scales_end_on_a_round_number_at_or_above_the_largest(values: list[int], top: int) -> None:
    assert nice_top(values) == top


def test_charts_are_plain_svg_without_script_or_style() -> None:
    from datetime import date, timedelta

    days = [date(2025, 10, 1) + timedelta(days=i) for i in range(30)]
    for svg in [
        per_day(days, list(range(30)), amounts=True),
        per_quarter_hour([0] * 95 + [3]),
        amounts_by_label([("<b>bus</b> & co", 8000)]),
    ]:
        text = str(svg)
        assert text.startswith('<svg role="img" viewBox="0 0 560 260"')
        assert "<script" not in text
        assert "<style" not in text
        assert "style=" not in text
    assert "&lt;b&gt;bus&lt;/b&gt; &amp; co" in str(amounts_by_label([("<b>bus</b> & co", 1)]))
