"""The wired ports a request or CLI command works with.

Built by the composition root (``vexe.container``) from settings; handlers reach it through
``ticketing.http.deps.get_runtime``. Each area's port is a typed field here, filled by that area's
wiring in ``vexe.wiring``; a port left ``None`` is not configured (callers answer a clear
``Unavailable``). Port types are imported for type checking only, so importing the runtime
stays cheap and pulls in no area's service code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.port import KeyValueStore
from ticketing.core.clock import Clock
from ticketing.db.uow import UnitOfWork

if TYPE_CHECKING:
    from gateway.port import PaymentProvider
    from ticketing.cache.tap_stream import TapBatchStream
    from ticketing.service.devices.ports import SnapshotSources, TapEffects
    from ticketing.service.payments.handlers import PaymentHandlers
    from ticketing.service.tickets.keyring import IssuerKeyRing


def _no_payment_handlers() -> PaymentHandlers:
    from ticketing.service.payments.handlers import PaymentHandlers

    return PaymentHandlers()


@dataclass
class Runtime:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    kv: KeyValueStore
    clock: Clock
    access_tokens: AccessTokenSigner
    data_dir: Path
    is_production: bool = False
    redis_configured: bool = False
    # Payments: the provider chosen by VEXE_PAYMENTS_PROVIDER, the webhook signing secret (None
    # disables the webhook endpoint) and what each purpose does when a payment succeeds or fails.
    payments: PaymentProvider | None = None
    payments_webhook_secret: str | None = None
    payment_handlers: PaymentHandlers = field(default_factory=_no_payment_handlers)
    # Tickets: the issuer key ring that signs QR tickets.
    issuer_keys: IssuerKeyRing | None = None
    # Devices and taps: what reader sync serves, what processed taps do, and how stored tap
    # batches reach workers (inline after upload, or left to ``vexe worker``).
    snapshot_sources: SnapshotSources | None = None
    tap_effects: TapEffects | None = None
    inline_tap_processing: bool = True
    tap_stream: TapBatchStream | None = None
    # Riders: refresh-token lifetime (None: the built-in default).
    rider_refresh_ttl_s: int | None = None
    # Riders: wallet balance needed for a pay-as-you-go account ticket (None: the highest single
    # fare of the feed in force; VEXE_PAYG_MIN_BALANCE_MINOR).
    payg_min_balance_minor: int | None = None

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    async def aclose(self) -> None:
        if self.payments is not None:  # e.g. the provider's HTTP session
            await self.payments.aclose()
        if self.tap_stream is not None:
            await self.tap_stream.aclose()
        await self.kv.close()
        await self.engine.dispose()
