"""How times are written for people and clients: one format, in the network's zone.

Machines get RFC 3339 with the network's UTC offset (``2026-12-12T19:19:00+07:00``); riders read
``12/12/2026 19:19`` in messages. The zone is the active feed's ``agency_timezone``; before any
feed is active it is Asia/Ho_Chi_Minh, the network vexe was built for.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ticketing.core.clock import require_aware

DEFAULT_NETWORK_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def in_zone(value: datetime, zone: ZoneInfo = DEFAULT_NETWORK_ZONE) -> datetime:
    return require_aware(value).astimezone(zone)


def rfc3339(value: datetime, zone: ZoneInfo = DEFAULT_NETWORK_ZONE) -> str:
    """``2026-12-12T19:19:00+07:00`` (seconds always; fractions only when there are any)."""
    return in_zone(value, zone).isoformat()


def human(value: datetime, zone: ZoneInfo = DEFAULT_NETWORK_ZONE) -> str:
    """``12/12/2026 19:19``: day first, as riders in Vietnam write dates, 24-hour clock."""
    return in_zone(value, zone).strftime("%d/%m/%Y %H:%M")
