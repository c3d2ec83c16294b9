"""The wired ports a request or CLI command works with.

Built by the composition root (``vexe.container``) from settings; handlers reach it through
``ticketing.http.deps.get_runtime``. Areas add their ports as fields here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.port import KeyValueStore
from ticketing.core.clock import Clock
from ticketing.db.uow import UnitOfWork


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
    # Server secret for CCCD free-rider hashes (VEXE_CCCD_SECRET); None: CCCD riders disabled.
    cccd_secret: bytes | None = None
    # Area ports that are wired by the composition root (payments provider, issuer key ring, ...).
    ports: dict[str, Any] = field(default_factory=dict)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    async def aclose(self) -> None:
        for port in list(self.ports.values()):
            closer = getattr(port, "aclose", None)
            if callable(closer):  # e.g. the payment provider's HTTP session
                await closer()
        await self.kv.close()
        await self.engine.dispose()
