"""Area wirings: each takes settings and the runtime and adds that area's ports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketing.runtime import Runtime
    from vexe.settings import Settings

Wiring = Callable[["Settings", "Runtime"], None]

PORT_WIRINGS: list[Wiring] = []
