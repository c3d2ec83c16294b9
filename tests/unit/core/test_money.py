from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketing.core.money import (
    CURRENCY_EXPONENTS,
    Money,
    UnknownCurrencyError,
    currency_exponent,
    format_amount,
    is_zero_decimal,
    parse_decimal_amount,
)


@pytest.mark.parametrize(
    ("currency", "exponent"), [("VND", 0), ("JPY", 0), ("PLN", 2), ("EUR", 2), ("USD", 2)]
)
def test_exponents_come_from_the_table(currency: str, exponent: int) -> None:
    assert currency_exponent(currency) == exponent
    assert is_zero_decimal(currency) is (exponent == 0)


def test_unknown_currency_is_refused_everywhere() -> None:
    with pytest.raises(UnknownCurrencyError, match="XYZ"):
        currency_exponent("XYZ")
    with pytest.raises(UnknownCurrencyError):
        Money(100, "vnd")  # codes are upper-case ISO 4217
    with pytest.raises(UnknownCurrencyError):
        parse_decimal_amount("1", "XYZ")


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("8000", "VND", 8000),
        (" 18625 ", "VND", 18625),
        ("0", "VND", 0),
        ("12.50", "PLN", 1250),
        ("12.5", "PLN", 1250),
        ("12", "PLN", 1200),
        (".5", "PLN", 50),
        ("0.01", "EUR", 1),
        ("-3.40", "PLN", -340),
        ("-0", "VND", 0),
    ],
)
def test_parse_decimal_amount(text: str, currency: str, minor: int) -> None:
    assert parse_decimal_amount(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency", "reason"),
    [
        ("8000.5", "VND", "0 decimal places"),
        ("8000.0", "VND", "0 decimal places"),
        ("1.234", "PLN", "2 decimal places"),
        ("", "VND", "not a decimal"),
        ("-", "VND", "not a decimal"),
        (".", "PLN", "not a decimal"),
        ("1.", "PLN", "not a decimal"),
        ("1,50", "PLN", "not a decimal"),
        ("1e3", "VND", "not a decimal"),
        ("+5", "VND", "not a decimal"),
        ("--5", "VND", "not a decimal"),
        ("8 000", "VND", "not a decimal"),
        ("٣", "VND", "not a decimal"),  # Arabic-Indic three: isdigit() but not a feed amount
        ("1.٥", "PLN", "not a decimal"),
        ("NaN", "PLN", "not a decimal"),
    ],
)
def test_parse_decimal_amount_refuses(text: str, currency: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_decimal_amount(text, currency)


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (18625, "VND", "18.625 ₫"),
        (8000, "VND", "8.000 ₫"),
        (0, "VND", "0 ₫"),
        (999, "VND", "999 ₫"),
        (1_234_567, "VND", "1.234.567 ₫"),
        (-18625, "VND", "-18.625 ₫"),
        (1250, "PLN", "12,50 PLN"),
        (123456, "PLN", "1.234,56 PLN"),
        (5, "EUR", "0,05 EUR"),
        (-340, "PLN", "-3,40 PLN"),
        (1500, "JPY", "1.500 JPY"),
    ],
)
def test_format_amount(minor: int, currency: str, text: str) -> None:
    assert format_amount(minor, currency) == text


@given(
    st.sampled_from(sorted(CURRENCY_EXPONENTS)),
    st.integers(min_value=-(10**12), max_value=10**12),
)
def test_format_then_parse_round_trips(currency: str, minor: int) -> None:
    shown = format_amount(minor, currency).rsplit(" ", 1)[0]
    as_decimal = shown.replace(".", "").replace(",", ".")
    assert parse_decimal_amount(as_decimal, currency) == minor


def test_money_is_integer_minor_units_only() -> None:
    with pytest.raises(TypeError):
        Money(12.5, "PLN")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True, "VND")
    assert Money(8000, "VND") + Money(1000, "VND") == Money(9000, "VND")
    assert Money(8000, "VND") - Money(9000, "VND") == Money(-1000, "VND")
    assert Money.zero("PLN") == Money(0, "PLN")


def test_money_never_mixes_currencies() -> None:
    with pytest.raises(ValueError, match="currency mismatch"):
        Money(1, "VND") + Money(1, "PLN")
    with pytest.raises(ValueError, match="currency mismatch"):
        Money(1, "VND") - Money(1, "PLN")
