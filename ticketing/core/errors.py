"""Domain errors with stable lower_snake codes.

The kind of an error says what sort of outcome it is; the HTTP status and the Vietnamese/English
titles are chosen at the edge from one table (``ticketing.http.problems``). Codes never change
once released.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    kind: ClassVar[str] = "rejected"

    def __init__(self, code: str, detail: str, **extra: Any) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.extra = extra


class InvalidInput(DomainError):
    """Malformed input: the request itself cannot be understood (HTTP 422)."""

    kind = "invalid"


class Rejected(DomainError):
    """A well-formed request that the business rules refuse (HTTP 400)."""

    kind = "rejected"


class NotFound(DomainError):
    kind = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state, e.g. an id reused with another body (409)."""

    kind = "conflict"


class Unauthenticated(DomainError):
    kind = "unauthenticated"


class Forbidden(DomainError):
    kind = "forbidden"


class RateLimited(DomainError):
    kind = "rate_limited"


class PaymentFailed(DomainError):
    kind = "payment_failed"


class Unavailable(DomainError):
    kind = "unavailable"
