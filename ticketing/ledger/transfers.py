"""Transfers: what one posting says, how it is validated, and its idempotency fingerprint.

A transfer debits one account and credits another by a positive integer amount in one currency.
Its id is chosen by the caller; the fingerprint of everything else decides whether a repeated id
is a retry (same body: the first result stands) or a clash (another body: an error).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Literal

from ticketing.core.money import UnknownCurrencyError, currency_exponent
from ticketing.ledger.chart import ChartError, spec_for

# Why money moved. Stable once released (statements and reconciliation group by them).
CODES = frozenset({
    "sale", "psp_fee", "ride", "pass_apportion", "breakage", "refund", "dispute_reversal",
    "dispute_fee", "chargeback", "payout", "settlement", "clearing_fee", "wallet_topup",
    "wallet_charge", "hold", "adjustment",
})

Flag = Literal["posted", "pending", "post_pending", "void_pending"]


class TransferError(ValueError):
    """A transfer that can never be posted, whatever the balances (a programming or input error)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class TransferSpec:
    id: str
    debit_account: str
    credit_account: str
    amount_minor: int
    currency: str
    code: str
    flag: Flag = "posted"
    pending_id: str | None = None
    timeout_at: datetime | None = None
    reference: str | None = None
    ticket_id: str | None = None
    operator_id: str | None = None

    def fingerprint(self) -> str:
        body = asdict(self)
        body.pop("id")
        if self.timeout_at is not None:
            body["timeout_at"] = self.timeout_at.isoformat()
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def validate(spec: TransferSpec) -> None:
    """Raise TransferError when the transfer is malformed on its own."""
    if not spec.id or len(spec.id) > 128:
        raise TransferError("transfer_id_invalid", "a transfer id is 1..128 characters")
    if isinstance(spec.amount_minor, bool) or not isinstance(spec.amount_minor, int):
        raise TransferError("amount_not_integer", "amounts are integer minor units")
    try:
        currency_exponent(spec.currency)
    except UnknownCurrencyError as exc:
        raise TransferError("currency_unknown", str(exc)) from None
    if spec.code not in CODES:
        raise TransferError("code_unknown", f"unknown transfer code {spec.code!r}")
    if spec.flag in ("post_pending", "void_pending"):
        if not spec.pending_id:
            raise TransferError("pending_id_required", "posting or voiding names its pending transfer")
        if spec.amount_minor < 0:
            raise TransferError("amount_not_positive", "amount must be positive")
        return
    if spec.pending_id is not None:
        raise TransferError("pending_id_unexpected", "only post/void transfers name a pending id")
    if spec.amount_minor <= 0:
        raise TransferError("amount_not_positive", "amount must be positive")
    if spec.debit_account == spec.credit_account:
        raise TransferError("accounts_same", "debit and credit accounts must differ")
    for name in (spec.debit_account, spec.credit_account):
        try:
            spec_for(name)
        except ChartError as exc:
            raise TransferError("account_unknown", str(exc)) from None
    if spec.flag == "pending" and spec.timeout_at is None:
        raise TransferError("timeout_required", "a pending transfer has an expiry")
    if spec.flag != "pending" and spec.timeout_at is not None:
        raise TransferError("timeout_unexpected", "only pending transfers expire")
