"""Server-side processing of stored taps, in scan order.

The reader's decision is kept as made (an offline accept is never turned into a reject). For each
accepted tap the server re-runs the same ``admit`` with its own wider view — every reader's taps
of that ticket and the current deny-list — and records where it differs: a single accepted on two
readers (``double_use``), a revoked ticket (``revoked_tap``), a ticket passed back between gates of
one station, and impossible journeys. Double use, passback and impossible journeys deny-list the
ticket. Singles are marked used, rides go to the ledger, journeys are built; journeys of
pay-as-you-go account tickets are charged to the wallet (``ticketing.service.taps.payg``), and
entries left without an exit are charged the policy fare on every run.

Before any of that an accepted tap must pass the evidence rule (``evidence``): one that fails is
kept, marked unverifiable, recorded as an ``unverifiable_tap`` exception and has no effect; its
place, ticket and product are never believed from the tap body. Each tap is processed in its own
savepoint: one that raises, or that is implausible, is quarantined (``quarantine``) and the run
goes on, so one poison tap never holds back the taps scanned after it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission import Snapshot, TicketFacts, admit
from ticketing.admission import reasons as r
from ticketing.admission.model import Direction
from ticketing.core.clock import Clock
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Journey, Tap, TapException
from ticketing.service.devices.ports import SnapshotSources, TapEffects
from ticketing.service.devices.snapshot import device_context
from ticketing.service.riders.account_ticket import is_account_product
from ticketing.service.taps.evidence import Unverifiable, check_evidence
from ticketing.service.taps.exceptions import record_exception
from ticketing.service.taps.journeys import record_entry, record_exit
from ticketing.service.taps.payg import charge_overdue_journeys, price_account_journey
from ticketing.service.taps.plausibility import implausible
from ticketing.service.taps.quarantine import quarantine_tap
from ticketing.service.taps.server_view import ServerJournal, server_snapshot

log = logging.getLogger("vexe.taps")

# Two entries of one ticket at different places closer than this cannot be one rider.
IMPOSSIBLE_WITHIN = timedelta(seconds=120)
FALLBACK_DENY_FOR = timedelta(days=400)
DENYLIST_KINDS = frozenset({"double_use", "passback_across_readers", "impossible_journey"})


@dataclass(frozen=True, slots=True)
class ProcessResult:
    processed: int
    exceptions: int
    quarantined: int = 0
    unverifiable: int = 0


@dataclass
class _Run:
    """What one processing run shares between taps."""

    session: AsyncSession
    clock: Clock
    effects: TapEffects
    snapshot: Snapshot
    stations: dict[str, str]


async def process_pending_taps(
    session: AsyncSession,
    clock: Clock,
    sources: SnapshotSources,
    effects: TapEffects,
    *,
    limit: int = 1000,
) -> ProcessResult:
    """Process up to ``limit`` unprocessed, unquarantined taps (oldest scan first). Idempotent.

    Each tap runs in its own savepoint: a tap whose processing raises is rolled back alone and
    quarantined with the error, and the run goes on with the next one."""
    pending_ids = list((await session.scalars(
        sa.select(Tap.tap_id).where(Tap.processed_at.is_(None), Tap.quarantined_at.is_(None))
        .order_by(Tap.scanned_at, Tap.tap_id).limit(limit)
        # Several workers (and inline processing) share the queue: each takes rows no one holds.
        .with_for_update(skip_locked=True)
    )).all())
    if not pending_ids:
        await _charge_overdue(session, clock)
        return ProcessResult(0, 0)
    snapshot = await server_snapshot(session, clock, sources, effects)
    run = _Run(session, clock, effects, snapshot,
               {sid: info.station_id for sid, info in snapshot.fares.stops.items()})
    found = quarantined = unverifiable = 0
    with session.no_autoflush:
        for tap_id in pending_ids:
            try:
                async with session.begin_nested():
                    outcome = await _process_one(run, tap_id)
            except Exception as exc:
                log.exception("tap %s quarantined: processing raised", tap_id)
                await quarantine_tap(session, tap_id, f"processing raised {type(exc).__name__}: {exc}",
                                     clock.now())
                quarantined += 1
                continue
            quarantined += outcome.quarantined
            unverifiable += outcome.unverifiable
            found += outcome.exceptions
    await session.flush()
    await _charge_overdue(session, clock)
    return ProcessResult(len(pending_ids), found, quarantined, unverifiable)


@dataclass(frozen=True, slots=True)
class _Outcome:
    exceptions: int = 0
    quarantined: int = 0
    unverifiable: int = 0


async def _charge_overdue(session: AsyncSession, clock: Clock) -> None:
    try:
        async with session.begin_nested():
            await charge_overdue_journeys(session, clock)
    except Exception:
        log.exception("charging overdue pay-as-you-go journeys failed")


async def _process_one(run: _Run, tap_id: str) -> _Outcome:
    session, now = run.session, run.clock.now()
    # Fresh from the database: a statement (quarantine, re-queue) may have changed the row.
    tap = await session.get(Tap, tap_id, populate_existing=True)
    assert tap is not None
    device = await session.get(Device, tap.device_id)
    if device is not None:
        doubt = implausible(tap.scanned_at, tap.received_at, device)
        if doubt is not None:  # re-queued but still implausible: stays quarantined
            tap.quarantined_at, tap.quarantine_reason = now, doubt
            return _Outcome(quarantined=1)
    if not tap.accepted:
        tap.processed_at = now
        return _Outcome()
    verdict = (check_evidence(tap, device, run.snapshot) if device is not None
               else Unverifiable("the uploading device is unknown"))
    if isinstance(verdict, Unverifiable):
        tap.unverifiable_reason = verdict.reason[:300]
        await record_exception(session, kind="unverifiable_tap", tap=tap, other_tap_id=None,
                               detail=verdict.reason, detected_at=now, denylisted=False)
        tap.processed_at = now
        return _Outcome(unverifiable=1)
    assert device is not None
    found = await _process_accepted(run.session, run.clock, run.effects, run.snapshot,
                                    run.stations, device, tap)
    tap.processed_at = now
    return _Outcome(exceptions=found)


async def _ticket_taps(session: AsyncSession, ticket_id: str) -> list[Tap]:
    """The ticket's accepted taps that count: unverifiable and quarantined ones never do."""
    return list((await session.scalars(
        sa.select(Tap).where(Tap.ticket_id == ticket_id, Tap.accepted.is_(True),
                             Tap.unverifiable_reason.is_(None), Tap.quarantined_at.is_(None))
        .order_by(Tap.scanned_at, Tap.tap_id)
    )).all())


async def _process_accepted(
    session: AsyncSession, clock: Clock, effects: TapEffects, snapshot: Snapshot,
    stations: dict[str, str], device: Device, tap: Tap,
) -> int:
    assert tap.ticket_id is not None
    history = await _ticket_taps(session, tap.ticket_id)
    found = await _judge(session, clock, effects, snapshot, stations, device, tap, history)
    # A tap synced late may change the server's view of later taps already processed (the
    # first use of a single arriving after its second): judge those again with the same rules.
    later = [t for t in history if t.processed_at is not None
             and (t.scanned_at, t.tap_id) > (tap.scanned_at, tap.tap_id)]
    for other in later[:20]:
        other_device = await session.get(Device, other.device_id)
        assert other_device is not None
        found += await _judge(session, clock, effects, snapshot, stations, other_device, other, history)
    if tap.direction == "in":
        if tap.ticket_kind == "pass":  # a single's second entry is already a double use
            found += await _impossible(session, clock, effects, snapshot, stations, history, tap)
        await effects.mark_used(session, clock, ticket_id=tap.ticket_id, at=tap.scanned_at,
                                tap_id=tap.tap_id)
        if not is_account_product(tap.fare_product_id):  # paid per journey from the wallet
            await effects.record_ride(
                session, clock, ride_id=tap.tap_id, ticket_id=tap.ticket_id,
                kind="pass" if tap.ticket_kind == "pass" else "single",
                operator_id=tap.operator_id, at=tap.scanned_at,
            )
        journey: Journey | None = await record_entry(session, tap)
    else:
        journey = await record_exit(session, tap)
    if tap.fare_product_id is None or is_account_product(tap.fare_product_id):
        await price_account_journey(session, clock, journey)
    return found


async def _judge(
    session: AsyncSession, clock: Clock, effects: TapEffects, snapshot: Snapshot,
    stations: dict[str, str], device: Device, tap: Tap, history: list[Tap],
) -> int:
    """Re-run the reader's admission with the server's view; record what differs."""
    if not tap.code or tap.ticket_id is None:
        return 0
    journal = ServerJournal(history, tap, stations)
    direction: Direction = "out" if tap.direction == "out" else "in"
    view = admit(tap.code, tap.scanned_at, device_context(device), snapshot, journal, direction)
    kind = {r.REVOKED: "revoked_tap", r.ALREADY_USED: "double_use",
            r.PASSBACK: "passback_across_readers"}.get(view.reason)
    if kind is None:
        return 0
    if kind == "revoked_tap" and await _revoked_by_us(session, tap.ticket_id):
        return 0
    other = next((p.tap_id for p in reversed(journal.accepted_taps(tap.ticket_id))
                  if p.direction == "in"), None)
    return await _flag(session, clock, effects, snapshot, kind, tap, other,
                       f"reader accepted; server view: {view.reason}")


async def _revoked_by_us(session: AsyncSession, ticket_id: str) -> bool:
    """Deny-listed by tap processing itself: later taps are not a second finding."""
    found = await session.scalar(
        sa.select(sa.func.count()).select_from(TapException).where(
            TapException.ticket_id == ticket_id, TapException.denylisted.is_(True)
        )
    )
    return bool(found)


async def _impossible(
    session: AsyncSession, clock: Clock, effects: TapEffects, snapshot: Snapshot,
    stations: dict[str, str], history: list[Tap], tap: Tap,
) -> int:
    def place(t: Tap) -> str:
        if t.vehicle_id is not None:
            return f"vehicle:{t.vehicle_id}"
        return f"station:{stations.get(t.stop_id or '', t.stop_id)}"

    for other in history:
        if other.tap_id == tap.tap_id or other.direction != "in":
            continue
        if abs(other.scanned_at - tap.scanned_at) < IMPOSSIBLE_WITHIN and place(other) != place(tap):
            later = tap if (tap.scanned_at, tap.tap_id) > (other.scanned_at, other.tap_id) else other
            first = other if later is tap else tap
            return await _flag(session, clock, effects, snapshot, "impossible_journey", later,
                               first.tap_id,
                               f"entries at {place(first)} and {place(later)} "
                               f"{abs(other.scanned_at - tap.scanned_at).total_seconds():.0f} s apart")
    return 0


def _expiry(snapshot: Snapshot, tap: Tap) -> datetime:
    """When the ticket's own validity ends (its deny-list entry may be pruned after that)."""
    facts = snapshot.keys.verify(tap.code, tap.scanned_at) if tap.code else None
    if isinstance(facts, TicketFacts):
        return facts.valid_until
    return tap.scanned_at + FALLBACK_DENY_FOR


async def _flag(
    session: AsyncSession, clock: Clock, effects: TapEffects, snapshot: Snapshot, kind: str,
    tap: Tap, other: str | None, detail: str,
) -> int:
    assert tap.ticket_id is not None
    deny = kind in DENYLIST_KINDS
    recorded = await record_exception(
        session, kind=kind, tap=tap, other_tap_id=other, detail=detail,
        detected_at=clock.now(), denylisted=deny,
    )
    if recorded and deny:
        await effects.revoke(session, clock, ticket_id=tap.ticket_id, reason=kind,
                             expires_at=_expiry(snapshot, tap))
    return int(recorded)
