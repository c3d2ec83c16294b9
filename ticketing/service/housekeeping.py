"""Periodic upkeep that keeps the books and the deny-list true without an operator's cron.

Each job runs in its own unit of work and is idempotent, so any number of workers may run it at
any time: tickets past their validity become ``expired`` and leave the deny-list once their codes
can no longer be shown; unused singles and ended passes are closed in the ledger (breakage and
pass apportionment); orders abandoned before payment are cancelled at the provider.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.ledger.passes import close_expired
from ticketing.service.payments import PaymentHandlers
from ticketing.service.riders.expiry import expire_abandoned_orders
from ticketing.service.tickets.denylist import prune_denylist
from ticketing.service.tickets.lifecycle import expire_tickets


@dataclass(frozen=True, slots=True)
class HousekeepingReport:
    tickets_expired: int
    denylist_pruned: int
    ledger_closed: int
    orders_expired: int

    def as_json(self) -> dict[str, int]:
        return {
            "tickets_expired": self.tickets_expired,
            "denylist_pruned": self.denylist_pruned,
            "ledger_closed": self.ledger_closed,
            "orders_expired": self.orders_expired,
        }


async def run_housekeeping(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider | None,
    handlers: PaymentHandlers,
) -> HousekeepingReport:
    async with unit_of_work() as uow:
        expired = await expire_tickets(uow.session, clock)
        pruned = await prune_denylist(uow.session, clock)
    async with unit_of_work() as uow:
        closed = await close_expired(uow.session, clock, until=clock.now())
    orders_expired = 0
    if provider is not None:
        report = await expire_abandoned_orders(unit_of_work, clock, provider, handlers)
        orders_expired = len(report.expired)
    return HousekeepingReport(len(expired), len(pruned), closed, orders_expired)
