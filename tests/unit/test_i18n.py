from __future__ import annotations

import pytest

from ticketing.http.i18n import DEFAULT_LANGUAGE, negotiate_language


def test_vietnamese_is_the_default() -> None:
    assert DEFAULT_LANGUAGE == "vi"
    assert negotiate_language(None) == "vi"
    assert negotiate_language("") == "vi"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("en", "en"),
        ("EN-gb", "en"),
        ("vi-VN", "vi"),
        ("en-US,en;q=0.9", "en"),
        ("vi;q=0.2, en;q=0.9", "en"),
        ("en;q=0.2, vi;q=0.9", "vi"),
        ("en;q=0.8, vi;q=0.8", "en"),  # a tie goes to the one listed first
        ("vi;q=0.8, en;q=0.8", "vi"),
        ("fr, de;q=0.9", "vi"),  # nothing we speak: the default
        ("fr, en;q=0.5", "en"),  # the best language we do speak
        ("de;q=1, en;q=0.8, vi;q=0.7", "en"),
        ("en; q=0.5, vi;level=1;q=0.4", "en"),  # spaces and other parameters
        ("en;q=0.3, en-US;q=0.9, vi;q=0.5", "en"),  # the best entry for a language counts
        ("*", "vi"),
        ("en;q=0.1, *;q=0.5", "vi"),  # * covers the languages not named
        ("vi;q=0, *", "en"),  # q=0 refuses Vietnamese; * then means English
        ("en;q=0, *", "vi"),
        ("en;q=0", "vi"),
        ("en;q=abc", "vi"),  # a malformed q refuses the entry
        ("en;q=1.5", "vi"),  # out of range
        ("en;q=nan", "vi"),
        (",,; ,en", "en"),
        (";;;", "vi"),
    ],
)
def test_negotiation(header: str, language: str) -> None:
    assert negotiate_language(header) == language
