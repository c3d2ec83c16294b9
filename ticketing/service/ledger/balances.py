"""Reading balances: one account, every account, and the trial balance."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.db.models.ledger import LedgerAccount
from ticketing.ledger.chart import Side, normal_balance


@dataclass(frozen=True, slots=True)
class AccountBalance:
    account: str
    currency: str
    normal_side: str
    debits_minor: int
    credits_minor: int
    debits_pending_minor: int
    credits_pending_minor: int
    balance_minor: int


@dataclass(frozen=True, slots=True)
class TrialBalance:
    currency: str
    debits_minor: int
    credits_minor: int
    accounts: list[AccountBalance]

    @property
    def balanced(self) -> bool:
        return self.debits_minor == self.credits_minor

    def as_json(self) -> dict[str, object]:
        return {
            "currency": self.currency,
            "debits_minor": self.debits_minor,
            "credits_minor": self.credits_minor,
            "balanced": self.balanced,
            "accounts": [
                {"account": a.account, "normal_side": a.normal_side, "balance_minor": a.balance_minor,
                 "debits_minor": a.debits_minor, "credits_minor": a.credits_minor}
                for a in self.accounts
            ],
        }


def _view(row: LedgerAccount) -> AccountBalance:
    side: Side = "debit" if row.normal_side == "debit" else "credit"
    return AccountBalance(
        account=row.name, currency=row.currency, normal_side=side,
        debits_minor=row.debits_posted, credits_minor=row.credits_posted,
        debits_pending_minor=row.debits_pending, credits_pending_minor=row.credits_pending,
        balance_minor=normal_balance(side, row.debits_posted, row.credits_posted),
    )


async def account_balance(session: AsyncSession, name: str, currency: str) -> int:
    """The posted balance on the account's normal side (0 for an account never used)."""
    row = await session.scalar(
        sa.select(LedgerAccount).where(LedgerAccount.name == name, LedgerAccount.currency == currency)
        .execution_options(populate_existing=True)
    )
    return _view(row).balance_minor if row is not None else 0


async def list_balances(
    session: AsyncSession, *, currency: str | None = None, prefix: str | None = None,
    limit: int = 1000, offset: int = 0,
) -> list[AccountBalance]:
    stmt = sa.select(LedgerAccount).order_by(LedgerAccount.currency, LedgerAccount.name)
    if currency:
        stmt = stmt.where(LedgerAccount.currency == currency)
    if prefix:
        stmt = stmt.where(LedgerAccount.name.startswith(prefix, autoescape=True))
    rows = await session.scalars(stmt.limit(limit).offset(offset).execution_options(populate_existing=True))
    return [_view(r) for r in rows]


async def trial_balances(session: AsyncSession) -> list[TrialBalance]:
    """One trial balance per currency in use (sorted by currency)."""
    rows = await session.scalars(
        sa.select(LedgerAccount).order_by(LedgerAccount.currency, LedgerAccount.name)
        .execution_options(populate_existing=True)
    )
    by_currency: dict[str, list[AccountBalance]] = {}
    for row in rows:
        by_currency.setdefault(row.currency, []).append(_view(row))
    return [
        TrialBalance(
            currency=currency,
            debits_minor=sum(a.debits_minor for a in accounts),
            credits_minor=sum(a.credits_minor for a in accounts),
            accounts=accounts,
        )
        for currency, accounts in sorted(by_currency.items())
    ]
