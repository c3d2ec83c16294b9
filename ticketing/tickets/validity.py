"""When an issued ticket is valid, from its product's validity rule (docs/ticket-format.md).

- Single-ride products: valid for ``SINGLE_VALIDITY`` (24 hours) from ``valid_from`` (the sale, or
  the time asked for), one ride.
- ``operating_day``: the local calendar day of ``valid_from``.
- ``from_issue``: ``duration_days`` from ``valid_from``.
- ``calendar_month``: the local calendar month of ``valid_from``.
- ``from_activation``: the code is valid for activation during ``ACTIVATION_WINDOW`` (30 days)
  from ``valid_from`` plus the pass length; the pass itself runs ``duration_days`` from its first
  use (claim ``a``), which readers enforce with ``active_until``.
Windows are rounded outwards to whole minutes, the code's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ticketing.fares.offers import PassValidity
from ticketing.fares.validity import pass_window
from ticketing.tickets.claims import TicketClaims, align_window

SINGLE_VALIDITY = timedelta(hours=24)
ACTIVATION_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class TicketWindow:
    valid_from: datetime
    valid_until: datetime
    rides_allowed: int | None
    activation_days: int | None

    @property
    def needs_activation(self) -> bool:
        return self.activation_days is not None


def ticket_window(validity: PassValidity | None, start: datetime, tz: ZoneInfo) -> TicketWindow:
    if validity is None:
        begin, end = align_window(start, start + SINGLE_VALIDITY)
        return TicketWindow(begin, end, rides_allowed=1, activation_days=None)
    if validity.validity_type == "from_activation":
        days = validity.duration_days or 1
        begin, end = align_window(start, start + ACTIVATION_WINDOW + timedelta(days=days))
        return TicketWindow(begin, end, rides_allowed=None, activation_days=days)
    begin, end = align_window(*pass_window(validity, start, tz))
    return TicketWindow(begin, end, rides_allowed=None, activation_days=None)


def active_until(claims: TicketClaims, first_use_at: datetime) -> datetime:
    """End of validity for a ticket first used at ``first_use_at`` (activation passes end early)."""
    if claims.activation_days is None:
        return claims.valid_until
    return min(claims.valid_until, first_use_at + timedelta(days=claims.activation_days))
