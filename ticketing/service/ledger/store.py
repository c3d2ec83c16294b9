"""The database side of the ledger: accounts, idempotent transfer groups, balance updates.

Balances live on the account rows and change only by atomic ``col = col + delta`` updates taken
in account-id order, so concurrent writers never lose an update and never deadlock each other;
the floor is checked on the row the update returns, which on PostgreSQL is locked until commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, Rejected
from ticketing.db.models.ledger import LedgerAccount, LedgerTransfer
from ticketing.db.statements import execute_count, table_of, upsert_insert
from ticketing.ledger.balances import Balance, breaches_floor
from ticketing.ledger.chart import AccountSpec, Side, spec_for
from ticketing.ledger.transfers import TransferError, TransferSpec, validate

_accounts = table_of(LedgerAccount)
_transfers = table_of(LedgerTransfer)


@dataclass(frozen=True, slots=True)
class PostedTransfer:
    id: str
    code: str
    flag: str
    amount_minor: int
    currency: str
    created_at: datetime
    replayed: bool


async def ensure_accounts(
    session: AsyncSession, names: Sequence[str], currency: str, now: datetime
) -> dict[str, int]:
    """The ids of the accounts (name, currency), each created on first use; one round trip when
    they all exist."""
    wanted = sorted(set(names))
    query = sa.select(_accounts.c.name, _accounts.c.id).where(
        _accounts.c.name.in_(wanted), _accounts.c.currency == currency)
    found = {str(n): int(i) for n, i in (await session.execute(query)).all()}
    missing = [name for name in wanted if name not in found]
    if missing:
        for name in missing:
            spec = spec_for(name)
            await session.execute(upsert_insert(session, _accounts).values(
                name=name, currency=currency, normal_side=spec.normal_side, floor_minor=spec.floor_minor,
                debits_posted=0, credits_posted=0, debits_pending=0, credits_pending=0, created_at=now,
            ).on_conflict_do_nothing(index_elements=["name", "currency"]))
        found = {str(n): int(i) for n, i in (await session.execute(query)).all()}
    return found


async def ensure_account(session: AsyncSession, name: str, currency: str, now: datetime) -> int:
    """The id of the account (name, currency), created on first use."""
    return (await ensure_accounts(session, [name], currency, now))[name]


async def post_transfers(
    session: AsyncSession, clock: Clock, group: Sequence[TransferSpec]
) -> list[PostedTransfer]:
    """Post a linked group all or nothing. A retried id with the same body returns the first result
    (``replayed``); another body under a used id is a Conflict; a floor breach is Rejected."""
    for spec in group:
        try:
            validate(spec)
        except TransferError as exc:
            raise InvalidInput(exc.code, exc.detail) from None
    now = clock.now()
    try:
        async with session.begin_nested():
            deltas: dict[int, list[int]] = {}
            results = [await _post_one(session, spec, now, deltas) for spec in group]
            await _apply(session, deltas)
    except IntegrityError as exc:
        raise Conflict(
            "ledger_write_conflict", "a concurrent posting resolved the same pending transfer"
        ) from exc
    return results


async def _post_one(
    session: AsyncSession, spec: TransferSpec, now: datetime, deltas: dict[int, list[int]]
) -> PostedTransfer:
    mine: dict[int, list[int]] = {}
    if spec.flag in ("post_pending", "void_pending"):
        existing = await _existing(session, spec)
        if existing is not None:
            return existing
        debit_id, credit_id, currency, amount = await _resolve(session, spec, now, mine)
    else:
        ids = await ensure_accounts(session, [spec.debit_account, spec.credit_account], spec.currency, now)
        debit_id, credit_id = ids[spec.debit_account], ids[spec.credit_account]
        currency, amount = spec.currency, spec.amount_minor
        column = 2 if spec.flag == "pending" else 0
        _add(mine, debit_id, column, amount)
        _add(mine, credit_id, column + 1, amount)
    stmt = upsert_insert(session, _transfers).values(
        id=spec.id, debit_account_id=debit_id, credit_account_id=credit_id, amount_minor=amount,
        currency=currency, code=spec.code, flag=spec.flag, pending_id=spec.pending_id,
        timeout_at=spec.timeout_at, reference=spec.reference, ticket_id=spec.ticket_id,
        operator_id=spec.operator_id, fingerprint=spec.fingerprint(), created_at=now,
    ).on_conflict_do_nothing(index_elements=["id"])
    inserted = await execute_count(session, stmt)
    if inserted == 0:  # posted before (a retry), or by a concurrent writer that won
        concurrent = await _existing(session, spec)
        assert concurrent is not None
        return concurrent
    for account_id, columns in mine.items():
        for column, value in enumerate(columns):
            _add(deltas, account_id, column, value)
    return PostedTransfer(spec.id, spec.code, spec.flag, amount, currency, now, replayed=False)


async def _existing(session: AsyncSession, spec: TransferSpec) -> PostedTransfer | None:
    row = (await session.execute(
        sa.select(_transfers.c.fingerprint, _transfers.c.code, _transfers.c.flag,
                  _transfers.c.amount_minor, _transfers.c.currency, _transfers.c.created_at)
        .where(_transfers.c.id == spec.id)
    )).first()
    if row is None:
        return None
    if row.fingerprint != spec.fingerprint():
        raise Conflict("transfer_id_reused", f"transfer {spec.id} was posted with another body")
    created = row.created_at
    return PostedTransfer(spec.id, row.code, row.flag, int(row.amount_minor), row.currency,
                          created, replayed=True)


async def _resolve(
    session: AsyncSession, spec: TransferSpec, now: datetime, deltas: dict[int, list[int]]
) -> tuple[int, int, str, int]:
    pending = (await session.execute(
        sa.select(_transfers).where(_transfers.c.id == spec.pending_id)
    )).first()
    if pending is None or pending.flag != "pending":
        raise Rejected("pending_not_found", f"no pending transfer {spec.pending_id}")
    resolved = await session.scalar(
        sa.select(_transfers.c.id).where(_transfers.c.pending_id == spec.pending_id)
    )
    if resolved is not None:
        raise Rejected("pending_already_resolved", f"pending transfer {spec.pending_id} is {resolved}")
    if spec.flag == "post_pending" and pending.timeout_at is not None and now >= pending.timeout_at:
        raise Rejected("pending_expired", f"pending transfer {spec.pending_id} expired")
    held = int(pending.amount_minor)
    amount = held if spec.flag == "void_pending" else (spec.amount_minor or held)
    if amount > held:
        raise Rejected("amount_exceeds_pending", f"{amount} is more than the {held} held")
    _add(deltas, pending.debit_account_id, 2, -held)
    _add(deltas, pending.credit_account_id, 3, -held)
    if spec.flag == "post_pending":
        _add(deltas, pending.debit_account_id, 0, amount)
        _add(deltas, pending.credit_account_id, 1, amount)
    return int(pending.debit_account_id), int(pending.credit_account_id), pending.currency, amount


def _add(deltas: dict[int, list[int]], account_id: int, column: int, amount: int) -> None:
    deltas.setdefault(account_id, [0, 0, 0, 0])[column] += amount


async def _apply(session: AsyncSession, deltas: dict[int, list[int]]) -> None:
    c = _accounts.c
    for account_id in sorted(deltas):
        dp, cp, dpend, cpend = deltas[account_id]
        row = (await session.execute(
            sa.update(_accounts).where(c.id == account_id).values(
                debits_posted=c.debits_posted + dp, credits_posted=c.credits_posted + cp,
                debits_pending=c.debits_pending + dpend, credits_pending=c.credits_pending + cpend,
            ).returning(c.name, c.normal_side, c.floor_minor, c.debits_posted, c.credits_posted,
                        c.debits_pending, c.credits_pending)
        )).one()
        side: Side = "debit" if row.normal_side == "debit" else "credit"
        spec = AccountSpec(row.name, side, row.floor_minor)
        balance = Balance(row.debits_posted, row.credits_posted, row.debits_pending, row.credits_pending)
        if breaches_floor(spec, balance):
            raise Rejected("exceeds_floor", f"account {row.name} would go below its floor",
                           account=row.name)


async def expire_pending(session: AsyncSession, clock: Clock, *, limit: int = 1000) -> int:
    """Void every pending transfer whose expiry has passed and that nobody posted or voided.
    The void is named ``<pending id>:expired``, so running this twice does nothing new."""
    t = _transfers
    resolved = sa.select(t.c.pending_id).where(t.c.pending_id.is_not(None)).scalar_subquery()
    due = (await session.execute(
        sa.select(t.c.id, t.c.currency, t.c.code).where(
            t.c.flag == "pending", t.c.timeout_at <= clock.now(), t.c.id.not_in(resolved),
        ).order_by(t.c.timeout_at, t.c.id).limit(limit)
    )).all()
    for row in due:
        await post_transfers(session, clock, [TransferSpec(
            id=f"{row.id}:expired", debit_account="", credit_account="", amount_minor=0,
            currency=row.currency, code=row.code, flag="void_pending", pending_id=row.id,
        )])
    return len(due)
