"""The chart of accounts (docs/decisions.md §8): names, normal sides and floors.

Accounts are named by path (``liabilities:operator:HN_BUS``) and exist once per currency. The
first segment decides the normal side: assets and expenses grow with debits, liabilities and
revenue with credits. A floor bounds the balance on the normal side (a rider wallet never goes
below zero); ``None`` means unbounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Side = Literal["debit", "credit"]

UNEARNED = "liabilities:unearned_fares"
RIDER_WALLETS = "liabilities:rider_wallets"
BANK = "assets:bank"
CLEARING_FEES = "revenue:clearing_fees"
BREAKAGE = "revenue:breakage"
PSP_FEES = "expenses:psp_fees"
CHARGEBACKS = "expenses:chargebacks"

_NORMAL: dict[str, Side] = {
    "assets": "debit",
    "expenses": "debit",
    "liabilities": "credit",
    "revenue": "credit",
}
_SEGMENT = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class ChartError(ValueError):
    """An account name outside the chart."""


@dataclass(frozen=True, slots=True)
class AccountSpec:
    name: str
    normal_side: Side
    floor_minor: int | None


def psp(provider: str) -> str:
    return f"assets:psp:{_segment(provider)}"


def cash(counter: str) -> str:
    return f"assets:cash:{_segment(counter)}"


def operator(operator_id: str) -> str:
    return f"liabilities:operator:{_segment(operator_id)}"


def rider_wallet(rider_id: str) -> str:
    return f"{RIDER_WALLETS}:{_segment(rider_id)}"


def operator_of(account: str) -> str | None:
    prefix = "liabilities:operator:"
    return account[len(prefix):] if account.startswith(prefix) else None


def _segment(value: str) -> str:
    if not _SEGMENT.match(value):
        raise ChartError(f"invalid account segment {value!r}")
    return value


_FIXED = {UNEARNED, RIDER_WALLETS, BANK, CLEARING_FEES, BREAKAGE, PSP_FEES, CHARGEBACKS}
_PREFIXED = ("assets:psp:", "assets:cash:", "liabilities:operator:", f"{RIDER_WALLETS}:")


def spec_for(name: str) -> AccountSpec:
    """The normal side and floor of a chart account; raises ChartError for unknown names."""
    if name not in _FIXED:
        prefix = next((p for p in _PREFIXED if name.startswith(p)), None)
        if prefix is None:
            raise ChartError(f"account {name!r} is not in the chart")
        _segment(name[len(prefix):])
    side = _NORMAL[name.split(":", 1)[0]]
    floor: int | None = None
    if name.startswith(f"{RIDER_WALLETS}:") or name == UNEARNED:
        floor = 0
    return AccountSpec(name=name, normal_side=side, floor_minor=floor)


def normal_balance(side: Side, debits_minor: int, credits_minor: int) -> int:
    """The balance as read on the account's normal side."""
    return debits_minor - credits_minor if side == "debit" else credits_minor - debits_minor
