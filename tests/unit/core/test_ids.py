from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketing.core.clock import HANOI_TZ
from ticketing.core.ids import is_ulid, new_ulid, ulid_time

AT = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)


def test_ulid_shape() -> None:
    ulid = new_ulid(AT)
    assert len(ulid) == 26
    assert is_ulid(ulid)
    assert not set(ulid) & set("ILOU")  # Crockford base32 leaves out I, L, O, U


def test_ulids_are_unique_within_one_millisecond() -> None:
    ids = {new_ulid(AT) for _ in range(2000)}
    assert len(ids) == 2000
    assert {i[:10] for i in ids} == {new_ulid(AT)[:10]}


def test_ulids_sort_by_time() -> None:
    earlier, later = new_ulid(AT), new_ulid(AT + timedelta(milliseconds=1))
    assert earlier < later
    assert new_ulid(AT + timedelta(days=365)) > later


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)))
def test_time_part_round_trips_to_the_millisecond(at: datetime) -> None:
    expected = at.replace(microsecond=at.microsecond // 1000 * 1000)
    assert ulid_time(new_ulid(at)) == expected


def test_time_part_is_the_instant_whatever_the_offset() -> None:
    local = AT.astimezone(HANOI_TZ)
    assert new_ulid(local)[:10] == new_ulid(AT)[:10]
    assert ulid_time(new_ulid(local)) == AT


def test_naive_and_out_of_range_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        new_ulid(datetime(2025, 10, 14, 8, 0))
    with pytest.raises(ValueError, match="ULID range"):
        new_ulid(datetime(1969, 12, 31, 23, 59, tzinfo=UTC))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "01JGFJJZ004STQFPMAS0H9P1H",  # 25 characters
        "01JGFJJZ004STQFPMAS0H9P1H2X",  # 27 characters
        "81JGFJJZ004STQFPMAS0H9P1H2",  # first character above 7 overflows 128 bits
        "01JGFJJZ004STQFPMAS0H9P1HI",  # I is not Crockford
        "01jgfjjz004stqfpmas0h9p1h2",  # lower case is not what we emit
        "01JGFJJZ004STQFPMAS0H9P1H2\n",
    ],
)
def test_is_ulid_refuses(text: str) -> None:
    assert not is_ulid(text)
    with pytest.raises(ValueError, match="not a ULID"):
        ulid_time(text)
