"""Plausibility of a stored tap: could this reader have scanned it when it says it did?

A reader scans only once enrolled, and its clock is corrected against the server's at every sync;
a tap scanned before its enrolment or after it was received (each beyond ``ALLOWED_SKEW``) comes
from a broken clock or a tampered journal. Such a tap is stored and quarantined, never refused
with its batch and never processed until an operator re-queues it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ticketing.db.models.devices import Device

ALLOWED_SKEW = timedelta(hours=1)


def implausible(scanned_at: datetime, received_at: datetime, device: Device) -> str | None:
    """Why a tap scanned at ``scanned_at`` on ``device`` is implausible, or None."""
    since = device.enrolled_at or device.created_at
    if scanned_at < since - ALLOWED_SKEW:
        return (f"implausible: scanned_at {scanned_at.isoformat()} is before the device's "
                f"enrolment {since.isoformat()} (allowed skew {int(ALLOWED_SKEW.total_seconds())} s)")
    if scanned_at > received_at + ALLOWED_SKEW:
        return (f"implausible: scanned_at {scanned_at.isoformat()} is after it was received "
                f"{received_at.isoformat()} (allowed skew {int(ALLOWED_SKEW.total_seconds())} s)")
    return None
