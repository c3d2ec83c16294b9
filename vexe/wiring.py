"""Area wirings: each takes settings and the runtime and adds that area's ports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketing.runtime import Runtime
    from vexe.settings import Settings

Wiring = Callable[["Settings", "Runtime"], None]

PORT_WIRINGS: list[Wiring] = []


def _wire_riders(settings: Settings, runtime: Runtime) -> None:
    runtime.ports["rider_refresh_ttl_s"] = settings.refresh_token_ttl_s


PORT_WIRINGS.append(_wire_riders)
