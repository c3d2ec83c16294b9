"""Periodic upkeep that keeps the books and the deny-list true without an operator's cron.

Each job runs in its own unit of work and is idempotent, so any number of workers may run it at
any time: tickets past their validity become ``expired`` and leave the deny-list once their codes
can no longer be shown; unused singles and ended passes are closed in the ledger (breakage and
pass apportionment); orders and top-ups abandoned before payment are cancelled at the provider;
refunds left pending (a crash or lost commit after the intent) are sent again with their
idempotency key; webhook events whose handling failed are retried once their backoff is over.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.ledger.passes import close_expired
from ticketing.service.payments import PaymentHandlers
from ticketing.service.payments.webhooks import retry_failed_events
from ticketing.service.riders.expiry import expire_abandoned_orders, expire_abandoned_topups
from ticketing.service.riders.refunds import resume_rider_refunds
from ticketing.service.tickets.denylist import prune_denylist
from ticketing.service.tickets.lifecycle import expire_tickets


@dataclass(frozen=True, slots=True)
class HousekeepingReport:
    tickets_expired: int
    denylist_pruned: int
    ledger_closed: int
    orders_expired: int
    topups_expired: int = 0
    refunds_completed: int = 0
    refunds_pending: int = 0
    webhooks_handled: int = 0
    webhooks_failing: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "tickets_expired": self.tickets_expired,
            "denylist_pruned": self.denylist_pruned,
            "ledger_closed": self.ledger_closed,
            "orders_expired": self.orders_expired,
            "topups_expired": self.topups_expired,
            "refunds_completed": self.refunds_completed,
            "refunds_pending": self.refunds_pending,
            "webhooks_handled": self.webhooks_handled,
            "webhooks_failing": self.webhooks_failing,
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
    if provider is None:
        return HousekeepingReport(len(expired), len(pruned), closed, 0)
    # Each step below calls the provider with no transaction open (intent -> call -> result).
    handled, failing = await retry_failed_events(unit_of_work, clock, provider, handlers)
    completed, pending = await resume_rider_refunds(unit_of_work, clock, provider)
    orders = await expire_abandoned_orders(unit_of_work, clock, provider, handlers)
    topups = await expire_abandoned_topups(unit_of_work, clock, provider, handlers)
    return HousekeepingReport(
        len(expired), len(pruned), closed, len(orders.expired), topups_expired=len(topups.expired),
        refunds_completed=completed, refunds_pending=pending, webhooks_handled=handled,
        webhooks_failing=failing,
    )
