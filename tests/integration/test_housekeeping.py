"""The worker's periodic upkeep: expiry, deny-list pruning, ledger closing and order expiry."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from gateway.sandbox import SandboxProvider
from tests.integration.test_tickets_fixtures import file_ring, hanoi_in_force
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime
from ticketing.service.housekeeping import run_housekeeping
from ticketing.service.ledger.postings import SaleItem, record_sale
from ticketing.service.tickets import get_ticket, issue_ticket, revoke_ticket
from ticketing.tickets import new_ticket_id


async def test_upkeep_expires_closes_and_prunes_once(
    runtime: Runtime, clock: FixedClock, tmp_path: Path
) -> None:
    ring = file_ring(tmp_path)
    async with runtime.unit_of_work() as uow:
        await hanoi_in_force(uow.session, clock)
        unused = await issue_ticket(
            uow.session, clock, ring, ticket_id=new_ticket_id(), fare_product_id="bus_single_8000",
            rider_category_id="pho_thong", fare_media_id=None, valid_from=None, holder_id=None,
            order_id="ord-1", device_key_id=None, actor="test", reason="sale",
        )
        revoked = await issue_ticket(
            uow.session, clock, ring, ticket_id=new_ticket_id(), fare_product_id="bus_single_8000",
            rider_category_id="pho_thong", fare_media_id=None, valid_from=None, holder_id=None,
            order_id="ord-1", device_key_id=None, actor="test", reason="sale",
        )
        await record_sale(
            uow.session, clock, sale_id="ord-1", provider="sandbox", currency="VND",
            items=[SaleItem(unused.ticket_id, 8000, "single", unused.valid_until),
                   SaleItem(revoked.ticket_id, 8000, "single", revoked.valid_until)],
        )
        await revoke_ticket(uow.session, clock, ticket_id=revoked.ticket_id, reason="fraud", actor="test")

    clock.advance(timedelta(days=3))
    provider = SandboxProvider(clock)
    first = await run_housekeeping(runtime.unit_of_work, clock, provider, runtime.payment_handlers)
    assert first.tickets_expired == 1
    assert first.denylist_pruned == 1
    assert first.ledger_closed >= 1
    async with runtime.unit_of_work() as uow:
        assert (await get_ticket(uow.session, unused.ticket_id)).status == "expired"

    again = await run_housekeeping(runtime.unit_of_work, clock, provider, runtime.payment_handlers)
    assert set(again.as_json().values()) == {0}
