from __future__ import annotations

import pytest

from ticketing.core import errors
from ticketing.http.problem_catalog import KIND_STATUS, KIND_TITLES, status_for, title_for

KINDS = {
    errors.InvalidInput: ("invalid", 422),
    errors.Rejected: ("rejected", 400),
    errors.NotFound: ("not_found", 404),
    errors.Conflict: ("conflict", 409),
    errors.Unauthenticated: ("unauthenticated", 401),
    errors.Forbidden: ("forbidden", 403),
    errors.RateLimited: ("rate_limited", 429),
    errors.PaymentFailed: ("payment_failed", 402),
    errors.Unavailable: ("unavailable", 503),
}


@pytest.mark.parametrize(("cls", "kind_status"), KINDS.items())
def test_each_kind_maps_to_its_status(cls: type[errors.DomainError], kind_status: tuple[str, int]) -> None:
    error = cls("some_code", "what happened", ticket_id="T1")
    assert (error.kind, status_for(error.kind)) == kind_status
    assert error.code == "some_code"
    assert error.detail == "what happened"
    assert error.extra == {"ticket_id": "T1"}
    assert str(error) == "some_code: what happened"
    assert isinstance(error, errors.DomainError)


def test_every_kind_has_a_status_and_two_titles() -> None:
    assert set(KIND_STATUS) == {kind for kind, _ in KINDS.values()}
    for kind in KIND_STATUS:
        en, vi = KIND_TITLES[kind]
        assert en
        assert vi
        assert en != vi


def test_titles_follow_the_language_and_fall_back_to_the_kind() -> None:
    assert title_for("bad_credentials", "unauthenticated", "vi") == "Sai tên đăng nhập hoặc mật khẩu"
    assert title_for("bad_credentials", "unauthenticated", "en") == "Wrong username or password"
    assert title_for("no_such_code_anywhere", "conflict", "en") == "Conflict with the current state"
    assert title_for("no_such_code_anywhere", "conflict", "vi") == "Xung đột với trạng thái hiện tại"
