"""An in-memory ledger with the exact posting semantics of the database adapter.

Used by property tests as the reference model and by anything that needs to reason about a
group of transfers without storage. Linked groups apply all or nothing, and floors are checked on
the balances the whole group leaves behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from ticketing.ledger.balances import Balance, breaches_floor
from ticketing.ledger.chart import spec_for
from ticketing.ledger.transfers import TransferError, TransferSpec, validate


class PostingRejected(Exception):
    """A well-formed transfer refused by the state of the books (floor, reused id, pending state).

    ``subject`` names the transfer or, for a floor, the account."""

    def __init__(self, code: str, subject: str) -> None:
        super().__init__(f"{code}: {subject}")
        self.code = code
        self.subject = subject


@dataclass
class Book:
    balances: dict[tuple[str, str], Balance] = field(default_factory=dict)
    transfers: dict[str, TransferSpec] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)  # pending id -> post/void transfer id

    def balance(self, account: str, currency: str) -> Balance:
        return self.balances.setdefault((account, currency), Balance())

    def post(self, group: Sequence[TransferSpec], now: datetime) -> list[TransferSpec]:
        """Apply a linked group; returns the stored transfers (first results for retries)."""
        for spec in group:
            validate(spec)
        snapshot = ({k: replace(v) for k, v in self.balances.items()}, dict(self.transfers),
                    dict(self.resolved))
        try:
            touched: set[tuple[str, str]] = set()
            stored = [self._post_one(spec, now, touched) for spec in group]
            for name, currency in sorted(touched):
                if breaches_floor(spec_for(name), self.balance(name, currency)):
                    raise PostingRejected("exceeds_floor", name)
            return stored
        except (PostingRejected, TransferError):
            self.balances, self.transfers, self.resolved = snapshot
            raise

    def _post_one(self, spec: TransferSpec, now: datetime, touched: set[tuple[str, str]]) -> TransferSpec:
        existing = self.transfers.get(spec.id)
        if existing is not None:
            if existing.fingerprint() != spec.fingerprint():
                raise PostingRejected("transfer_id_reused", spec.id)
            return existing
        if spec.flag in ("post_pending", "void_pending"):
            pending = self._resolve(spec, now)
            touched.add((pending.debit_account, pending.currency))
            touched.add((pending.credit_account, pending.currency))
        else:
            self._apply(spec, pending=spec.flag == "pending", sign=1)
            touched.update({(spec.debit_account, spec.currency), (spec.credit_account, spec.currency)})
        self.transfers[spec.id] = spec
        return spec

    def _resolve(self, spec: TransferSpec, now: datetime) -> TransferSpec:
        assert spec.pending_id is not None
        pending = self.transfers.get(spec.pending_id)
        if pending is None or pending.flag != "pending":
            raise PostingRejected("pending_not_found", spec.id)
        if spec.pending_id in self.resolved:
            raise PostingRejected("pending_already_resolved", spec.id)
        if spec.flag == "post_pending" and pending.timeout_at is not None and now >= pending.timeout_at:
            raise PostingRejected("pending_expired", spec.id)
        amount = spec.amount_minor or pending.amount_minor
        if amount > pending.amount_minor:
            raise PostingRejected("amount_exceeds_pending", spec.id)
        self._apply(pending, pending=True, sign=-1)
        resolved = replace(spec, debit_account=pending.debit_account,
                           credit_account=pending.credit_account, currency=pending.currency,
                           amount_minor=amount if spec.flag == "post_pending" else pending.amount_minor)
        if spec.flag == "post_pending":
            self._apply(resolved, pending=False, sign=1)
        self.resolved[spec.pending_id] = spec.id
        return pending

    def _apply(self, spec: TransferSpec, *, pending: bool, sign: int) -> None:
        debit = self.balance(spec.debit_account, spec.currency)
        credit = self.balance(spec.credit_account, spec.currency)
        amount = sign * spec.amount_minor
        if pending:
            debit.debits_pending += amount
            credit.credits_pending += amount
        else:
            debit.debits_posted += amount
            credit.credits_posted += amount

    def totals(self, currency: str) -> tuple[int, int]:
        debits = sum(b.debits_posted for (_, c), b in self.balances.items() if c == currency)
        credits = sum(b.credits_posted for (_, c), b in self.balances.items() if c == currency)
        return debits, credits
