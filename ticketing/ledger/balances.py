"""Account balances and the floor rule, shared by the in-memory book and the database adapter."""

from __future__ import annotations

from dataclasses import dataclass

from ticketing.ledger.chart import AccountSpec, normal_balance


@dataclass(slots=True)
class Balance:
    debits_posted: int = 0
    credits_posted: int = 0
    debits_pending: int = 0
    credits_pending: int = 0

    def posted(self, spec: AccountSpec) -> int:
        return normal_balance(spec.normal_side, self.debits_posted, self.credits_posted)


def breaches_floor(spec: AccountSpec, balance: Balance) -> bool:
    """True when the balance available on the normal side (posted, less pending holds against it)
    is below the account's floor."""
    if spec.floor_minor is None:
        return False
    if spec.normal_side == "credit":
        available = balance.credits_posted - balance.debits_posted - balance.debits_pending
    else:
        available = balance.debits_posted - balance.credits_posted - balance.credits_pending
    return available < spec.floor_minor
