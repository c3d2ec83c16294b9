"""The admission decision shared by offline readers and the server (docs/decisions.md §6).

Pure: no I/O, no framework. ``admit`` takes the presented code, the scan time, the device
context, the snapshot and a view of the journal, and returns a ``Decision`` whose ``reason`` is
one of the stable codes in ``ticketing.admission.reasons``.
"""

from ticketing.admission.decide import admit, is_stale, open_entry, station_of
from ticketing.admission.model import (
    Decision,
    DeviceContext,
    FareTables,
    JournalView,
    KeyRing,
    PriorTap,
    ProductRule,
    Snapshot,
    StopInfo,
    TicketFacts,
    VerificationFailure,
)
from ticketing.admission.reasons import REASON_CODES

__all__ = [
    "REASON_CODES",
    "Decision",
    "DeviceContext",
    "FareTables",
    "JournalView",
    "KeyRing",
    "PriorTap",
    "ProductRule",
    "Snapshot",
    "StopInfo",
    "TicketFacts",
    "VerificationFailure",
    "admit",
    "is_stale",
    "open_entry",
    "station_of",
]
