"""Converting our minor units to a provider's amount units and back.

Stripe counts zero-decimal currencies (VND, JPY, KRW, ...) in whole units and the rest in
hundredths; our exponent table (``ticketing.core.money``) decides ours. The two agree for every
currency in the table, and a currency outside it is refused rather than guessed.
"""

from __future__ import annotations

from ticketing.core.money import currency_exponent

# https://docs.stripe.com/currencies#zero-decimal
STRIPE_ZERO_DECIMAL = frozenset({
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
})


def _stripe_exponent(currency: str) -> int:
    return 0 if currency.upper() in STRIPE_ZERO_DECIMAL else 2


def to_stripe_amount(amount_minor: int, currency: str) -> int:
    ours = currency_exponent(currency.upper())
    theirs = _stripe_exponent(currency)
    if theirs >= ours:
        return int(amount_minor * 10 ** (theirs - ours))
    raise ValueError(f"{currency} has more decimals here than at Stripe")


def from_stripe_amount(amount: int, currency: str) -> int:
    ours = currency_exponent(currency.upper())
    factor: int = 10 ** (_stripe_exponent(currency) - ours)
    minor, rest = divmod(amount, factor)
    if rest:
        raise ValueError(f"Stripe amount {amount} {currency} is not a whole minor unit")
    return int(minor)
