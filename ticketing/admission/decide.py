"""The one admission decision, shared by the offline reader and the server.

``admit(code, scanned_at, device, snapshot, journal) -> Decision``. Pure: the caller supplies the
snapshot (keys, deny-list, fare tables) and a view of earlier accepted taps of the same ticket.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ticketing.admission import reasons as r
from ticketing.admission.model import (
    Decision,
    DeviceContext,
    Direction,
    JournalView,
    PriorTap,
    Snapshot,
    TicketFacts,
    VerificationFailure,
)
from ticketing.core.clock import require_aware


def admit(
    code: str,
    scanned_at: datetime,
    device: DeviceContext,
    snapshot: Snapshot,
    journal: JournalView,
    direction: Direction = "in",
) -> Decision:
    require_aware(scanned_at)
    verified = snapshot.keys.verify(code, scanned_at)
    if isinstance(verified, VerificationFailure):
        return Decision(False, verified.reason, detail=verified.detail)
    ticket = verified

    def reject(reason: str, detail: str = "") -> Decision:
        return Decision(
            False, reason, ticket.ticket_id, ticket.fare_product_id, ticket.kind, detail=detail
        )

    if ticket.ticket_id in snapshot.denylist:
        return reject(r.REVOKED)
    # A re-signed ticket: from the start of its current window (the re-signing minute) only the
    # code with that window is admitted. A tap made earlier with an older code (judged later by
    # the server) was made while that code was the ticket's code.
    current = snapshot.superseded.get(ticket.ticket_id)
    superseded = current is not None and current != (ticket.valid_from, ticket.valid_until)
    if superseded and current is not None and scanned_at >= current[0]:
        return reject(r.REVOKED, "superseded by a newer code of this ticket")
    flags: tuple[str, ...] = ()
    if is_stale(snapshot, scanned_at, device):
        if device.stale_policy == "reject":
            return reject(r.SNAPSHOT_STALE, "snapshot older than the configured limit")
        flags = (r.FLAG_SNAPSHOT_STALE,)
    where = _not_valid_here(ticket, device, snapshot, direction)
    if where:
        return reject(r.NOT_VALID_HERE, where)
    prior = journal.accepted_taps(ticket.ticket_id)
    if ticket.activation_days is not None:
        first_use = next((t.scanned_at for t in prior if t.direction == "in"), None)
        if first_use is not None and scanned_at >= first_use + timedelta(days=ticket.activation_days):
            return reject(r.EXPIRED, "pass period from first use is over")
    if direction == "out":
        if open_entry(prior, scanned_at, device.max_trip_s) is None:
            return reject(r.TAP_OUT_WITHOUT_TAP_IN)
    else:
        refusal = _entry_refusal(ticket, prior, scanned_at, device, station_of(device, snapshot))
        if refusal:
            return reject(refusal)
    return Decision(True, r.ACCEPTED, ticket.ticket_id, ticket.fare_product_id, ticket.kind, flags)


def is_stale(snapshot: Snapshot, scanned_at: datetime, device: DeviceContext) -> bool:
    return scanned_at - snapshot.taken_at > timedelta(seconds=device.snapshot_max_age_s)


def station_of(device: DeviceContext, snapshot: Snapshot) -> str | None:
    if device.stop_id is None:
        return None
    stop = snapshot.fares.stops.get(device.stop_id)
    return stop.station_id if stop is not None else device.stop_id


def rides_used(prior: Sequence[PriorTap]) -> int:
    return sum(1 for tap in prior if tap.direction == "in")


def open_entry(prior: Sequence[PriorTap], at: datetime, max_trip_s: int) -> PriorTap | None:
    """The last accepted tap-in not yet closed by a tap-out, if it is recent enough."""
    if not prior:
        return None
    last = prior[-1]
    if last.direction != "in":
        return None
    if at - last.scanned_at > timedelta(seconds=max_trip_s) or at < last.scanned_at:
        return None
    return last


def _entry_refusal(
    ticket: TicketFacts,
    prior: Sequence[PriorTap],
    at: datetime,
    device: DeviceContext,
    station: str | None,
) -> str | None:
    # A spent single is spent wherever it is shown; passback guards tickets that ride again.
    if ticket.rides_allowed is not None and rides_used(prior) >= ticket.rides_allowed:
        return r.ALREADY_USED
    window = timedelta(seconds=device.passback_window_s)
    for tap in reversed(prior):
        if tap.direction != "in":
            continue
        if abs(at - tap.scanned_at) > window:
            break
        if _same_place(tap, device, station):
            return r.PASSBACK
    return None


def _same_place(tap: PriorTap, device: DeviceContext, station: str | None) -> bool:
    """Anti-passback scope: the same vehicle for bus readers, the same station for gates."""
    if device.vehicle_id is not None:
        return tap.vehicle_id == device.vehicle_id
    if tap.device_id == device.device_id:
        return True
    return station is not None and tap.station_id == station


def not_valid_here(
    ticket: TicketFacts, device: DeviceContext, snapshot: Snapshot, direction: Direction
) -> str:
    """Why ``ticket`` may not ride at ``device`` (its operator or its area), or ``""``."""
    return _not_valid_here(ticket, device, snapshot, direction)


def _not_valid_here(
    ticket: TicketFacts, device: DeviceContext, snapshot: Snapshot, direction: Direction
) -> str:
    rule = snapshot.fares.products.get(ticket.fare_product_id)
    if rule is not None and rule.operator_ids and device.operator_id not in rule.operator_ids:
        return f"product {ticket.fare_product_id} is not accepted by {device.operator_id}"
    area = ticket.origin_area_id if direction == "in" else ticket.destination_area_id
    if area is None or device.stop_id is None:
        return ""
    stop = snapshot.fares.stops.get(device.stop_id)
    if stop is not None and area not in stop.area_ids:
        return f"ticket is for area {area}, this gate is at {device.stop_id}"
    return ""
