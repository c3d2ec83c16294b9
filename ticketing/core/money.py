"""Money as integer minor units plus an ISO 4217 currency. No floats, ever."""

from __future__ import annotations

from dataclasses import dataclass

# ISO 4217 minor-unit exponents for the currencies vexe handles. One table for the whole system:
# the fare loader checks feed amounts against it and the Stripe adapter uses it for
# zero-decimal currencies.
CURRENCY_EXPONENTS: dict[str, int] = {
    "VND": 0,
    "JPY": 0,
    "KRW": 0,
    "EUR": 2,
    "USD": 2,
    "PLN": 2,
    "GBP": 2,
    "CAD": 2,
    "SGD": 2,
    "THB": 2,
}


class UnknownCurrencyError(ValueError):
    """The currency is not in the exponent table."""


def currency_exponent(currency: str) -> int:
    try:
        exponent: int = CURRENCY_EXPONENTS[currency]
        return exponent
    except KeyError:
        raise UnknownCurrencyError(f"unknown currency {currency!r}") from None


def is_zero_decimal(currency: str) -> bool:
    return currency_exponent(currency) == 0


@dataclass(frozen=True, slots=True, order=True)
class Money:
    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise TypeError("amount_minor must be an int of minor units")
        currency_exponent(self.currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)


def parse_decimal_amount(text: str, currency: str) -> int:
    """Parse a decimal amount as written in a feed ("8000", "12.50") into minor units.

    Raises ValueError when the text has more decimals than the currency allows or is not a number.
    """
    exponent = currency_exponent(currency)
    raw = text.strip()
    negative = raw.startswith("-")
    if negative:
        raw = raw[1:]
    whole, dot, frac = raw.partition(".")
    # ASCII digits only: str.isdigit() also accepts "٣" or "²", which are not feed amounts.
    if not _digits(whole) and not (whole == "" and _digits(frac)):
        raise ValueError(f"not a decimal amount: {text!r}")
    if dot and not _digits(frac):
        raise ValueError(f"not a decimal amount: {text!r}")
    if len(frac) > exponent:
        raise ValueError(f"{currency} allows {exponent} decimal places, got {len(frac)} in {text!r}")
    minor: int = int(whole or "0") * (10**exponent) + int(frac.ljust(exponent, "0") or "0")
    return -minor if negative else minor


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def format_amount(amount_minor: int, currency: str) -> str:
    """Format for riders and staff, Vietnamese style: dot thousands, comma decimals.

    ``18.625 ₫`` for VND; other currencies keep their code: ``1.234,50 PLN``.
    """
    exponent = currency_exponent(currency)
    sign = "-" if amount_minor < 0 else ""
    value = abs(amount_minor)
    whole, frac = divmod(value, 10**exponent) if exponent else (value, 0)
    grouped = f"{whole:,}".replace(",", ".")
    if currency == "VND":
        return f"{sign}{grouped} ₫"
    if exponent:
        return f"{sign}{grouped},{frac:0{exponent}d} {currency}"
    return f"{sign}{grouped} {currency}"
