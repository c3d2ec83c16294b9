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


def _wire_devices(settings: Settings, runtime: Runtime) -> None:
    """Device sync: snapshot sources (issuer JWKS, deny-list, fare tables) and tap effects
    (deny-list, singles used, ledger rides). Taps are processed inline after each upload unless
    ``VEXE_TAP_PROCESSING=worker`` leaves them to ``vexe worker``."""
    from ticketing.http.devices import INLINE_PROCESSING_PORT
    from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects
    from ticketing.service.devices.ports import SNAPSHOT_SOURCES_PORT, TAP_EFFECTS_PORT

    runtime.ports[SNAPSHOT_SOURCES_PORT] = ServiceSnapshotSources(runtime.clock)
    runtime.ports[TAP_EFFECTS_PORT] = ServiceTapEffects()
    runtime.ports[INLINE_PROCESSING_PORT] = settings.tap_processing == "inline"


PORT_WIRINGS.append(_wire_devices)
