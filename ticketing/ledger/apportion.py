"""Splitting an amount by weights in integer minor units (largest remainder, stable ties)."""

from __future__ import annotations

from collections.abc import Mapping


def apportion(amount_minor: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``amount_minor`` over keys in proportion to ``weights``; shares sum to the amount.

    Each key gets the floor of its exact share; the units left over go one each to the largest
    remainders, ties broken by key so the result never depends on input order. Zero-weight keys
    get nothing. Raises ValueError when the amount is negative or every weight is zero.
    """
    if amount_minor < 0:
        raise ValueError("amount must not be negative")
    positive = {k: w for k, w in weights.items() if w > 0}
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    total = sum(positive.values())
    if total == 0:
        raise ValueError("nothing to apportion by")
    shares = {k: amount_minor * w // total for k, w in positive.items()}
    left = amount_minor - sum(shares.values())
    order = sorted(positive, key=lambda k: (-(amount_minor * positive[k] % total), k))
    for key in order[:left]:
        shares[key] += 1
    return shares


def fee_minor(amount_minor: int, rate_bps: int) -> int:
    """A fee of ``rate_bps`` basis points, rounded down to whole minor units."""
    if amount_minor < 0 or rate_bps < 0:
        raise ValueError("amount and rate must not be negative")
    return amount_minor * rate_bps // 10_000
