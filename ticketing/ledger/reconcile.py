"""Matching the provider's balance transactions with the ledger by reference (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Status = Literal["matched", "missing_in_ledger", "missing_at_provider", "amount_mismatch"]


@dataclass(frozen=True, slots=True)
class MatchLine:
    key: str  # the provider object: charge, refund, payout or dispute id
    kind: str
    provider_minor: int | None
    ledger_minor: int | None
    status: Status


def match(provider: Mapping[str, tuple[str, int]], ledger: Mapping[str, int]) -> list[MatchLine]:
    """``provider``: key -> (kind, net amount into the PSP balance); ``ledger``: key -> net change
    of the PSP account. Keys present on one side only are missing on the other."""
    lines: list[MatchLine] = []
    for key in sorted(set(provider) | set(ledger)):
        kind, theirs = provider.get(key, ("", 0))
        ours = ledger.get(key)
        if key not in provider:
            lines.append(MatchLine(key, "ledger_only", None, ours, "missing_at_provider"))
        elif ours is None:
            lines.append(MatchLine(key, kind, theirs, None, "missing_in_ledger"))
        else:
            status: Status = "matched" if ours == theirs else "amount_mismatch"
            lines.append(MatchLine(key, kind, theirs, ours, status))
    return lines
