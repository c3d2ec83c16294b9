"""The one exception the codec raises internally; verification turns it into a TicketRejection."""

from __future__ import annotations

from typing import Literal

# docs/decisions.md §6 reason codes produced by the codec (never renamed once released).
RejectionReason = Literal[
    "malformed",
    "unsupported_version",
    "unknown_key",
    "bad_signature",
    "not_yet_valid",
    "expired",
    "revoked",
    "proof_required",
    "proof_invalid",
    "proof_stale",
]


class TicketCodeError(Exception):
    def __init__(self, reason: RejectionReason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason: RejectionReason = reason
        self.detail = detail
