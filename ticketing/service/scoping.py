"""Who may see and do what: the one place that decides it for staff.

The operator API's routers and the staff console both ask here; nothing else compares role
names or operator ids. The rules (docs/security.md):

- ``admin``: everything, every operator.
- ``operator``: its own operator's data only (devices, taps, tickets of products its routes
  honour, deny-list entries of those tickets); never concessions or riders' proof documents.
- ``auditor``: reads everything, changes nothing; sees concessions with proof references masked.
- ``reviewer``: city level — decides concessions and chip-ID registrations, sees proof
  references in clear; nothing of operators' data.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Forbidden, NotFound
from ticketing.service.fare_catalog import feed_in_force

ADMIN, OPERATOR, AUDITOR, REVIEWER = "admin", "operator", "auditor", "reviewer"
STAFF_ROLES = (ADMIN, OPERATOR, AUDITOR, REVIEWER)
# The staff who see operators' data (devices, taps, tickets, books): a reviewer does not.
OPERATIONS_ROLES = (ADMIN, OPERATOR, AUDITOR)
# Concession and chip-ID decisions, and proof references in clear.
REVIEW_ROLES = (ADMIN, REVIEWER)
# Who may list concession requests (auditors read them masked).
CONCESSION_READ_ROLES = (ADMIN, REVIEWER, AUDITOR)

_PROOF_VISIBLE_TAIL = 3


class Viewer(Protocol):
    """A staff member as the decisions need them (the HTTP principal and the console's session)."""

    @property
    def role(self) -> str: ...

    @property
    def operator_id(self) -> str | None: ...


# -- operator scope ----------------------------------------------------------------------------


def sees_operator(viewer: Viewer, operator_id: str | None) -> bool:
    """Admins, auditors and reviewers see every operator; an operator account only its own."""
    if viewer.role != OPERATOR:
        return True
    # An operator account without its operator would otherwise match unscoped (None) data.
    return viewer.operator_id is not None and operator_id == viewer.operator_id


def ensure_sees_operator(viewer: Viewer, operator_id: str | None) -> None:
    if not sees_operator(viewer, operator_id):
        raise Forbidden("operator_scope", f"account is scoped to operator {viewer.operator_id}")


def operator_filter(viewer: Viewer, requested: str | None) -> str | None:
    """The operator filter a listing applies: forced to its own for operator accounts (asking
    for another operator is refused); what was asked for (None: all) otherwise."""
    if viewer.role == OPERATOR:
        if requested is not None and requested != viewer.operator_id:
            raise Forbidden("operator_scope", f"account is scoped to operator {viewer.operator_id}")
        return viewer.operator_id
    return requested


def own_operator(viewer: Viewer) -> str | None:
    """The operator an account is confined to, or None when it is not confined."""
    return viewer.operator_id if viewer.role == OPERATOR else None


# -- concessions and riders' proof documents ------------------------------------------------------


def may_review(viewer: Viewer) -> bool:
    """Decide concession requests and chip-ID registrations (city level, not an operator's)."""
    return viewer.role in REVIEW_ROLES


def ensure_may_review(viewer: Viewer) -> None:
    if not may_review(viewer):
        raise Forbidden("role_forbidden", "concessions are decided by a reviewer or an admin")


def ensure_may_read_concessions(viewer: Viewer) -> None:
    if viewer.role not in CONCESSION_READ_ROLES:
        raise Forbidden("role_forbidden", "concessions are seen by reviewers, auditors and admins")


def mask_proof_reference(reference: str) -> str:
    """``079123456789`` -> ``*********789``: enough to tell two documents apart, not to reuse one."""
    tail = reference[-_PROOF_VISIBLE_TAIL:] if len(reference) > 2 * _PROOF_VISIBLE_TAIL else ""
    return "*" * (len(reference) - len(tail)) + tail


def proof_reference_for(viewer: Viewer, reference: str) -> str:
    """A rider's proof reference (CCCD number, card id) as this viewer may see it."""
    return reference if may_review(viewer) else mask_proof_reference(reference)


# -- deny-list -----------------------------------------------------------------------------------


async def denylist_products(session: AsyncSession, clock: Clock, viewer: Viewer) -> frozenset[str] | None:
    """The fare products whose deny-list entries the viewer sees: None means every entry (admin,
    auditor); an operator sees the products its routes honour in the fare feed in force."""
    operator_id = own_operator(viewer)
    if viewer.role != OPERATOR:
        return None
    if operator_id is None:
        return frozenset()
    try:
        feed = await feed_in_force(session, clock.now())
    except NotFound:
        return frozenset()
    return frozenset(
        product_id for product_id in feed.products if operator_id in feed.operators_of_product(product_id)
    )
