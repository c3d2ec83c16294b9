"""Stable admission reason codes (docs/decisions.md §6). Never renamed once released."""

from __future__ import annotations

from typing import Final

ACCEPTED: Final = "accepted"
MALFORMED: Final = "malformed"
UNSUPPORTED_VERSION: Final = "unsupported_version"
UNKNOWN_KEY: Final = "unknown_key"
BAD_SIGNATURE: Final = "bad_signature"
NOT_YET_VALID: Final = "not_yet_valid"
EXPIRED: Final = "expired"
REVOKED: Final = "revoked"
NOT_VALID_HERE: Final = "not_valid_here"
PASSBACK: Final = "passback"
ALREADY_USED: Final = "already_used"
PROOF_REQUIRED: Final = "proof_required"
PROOF_INVALID: Final = "proof_invalid"
PROOF_STALE: Final = "proof_stale"
SNAPSHOT_STALE: Final = "snapshot_stale"
TAP_OUT_WITHOUT_TAP_IN: Final = "tap_out_without_tap_in"

REASON_CODES: Final[tuple[str, ...]] = (
    ACCEPTED,
    MALFORMED,
    UNSUPPORTED_VERSION,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    NOT_YET_VALID,
    EXPIRED,
    REVOKED,
    NOT_VALID_HERE,
    PASSBACK,
    ALREADY_USED,
    PROOF_REQUIRED,
    PROOF_INVALID,
    PROOF_STALE,
    SNAPSHOT_STALE,
    TAP_OUT_WITHOUT_TAP_IN,
)

# Reasons the ticket codec itself gives (verification of the presented code).
VERIFICATION_REASONS: Final = frozenset(
    {
        MALFORMED,
        UNSUPPORTED_VERSION,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        NOT_YET_VALID,
        EXPIRED,
        PROOF_REQUIRED,
        PROOF_INVALID,
        PROOF_STALE,
    }
)

# Flags a decision may carry besides its reason (an accept made on a stale snapshot).
FLAG_SNAPSHOT_STALE: Final = "snapshot_stale"
