"""The evidence rule: an accepted tap changes a ticket, a wallet or the books only when the
server verifies it itself.

Readers are untrusted witnesses (one may be stolen, or its store edited). For an accepted tap the
server checks, from what the tap carries:

- place: the stop, route and vehicle the tap names are the device's registration (a device's
  registration is fixed from its enrolment: moving a reader means provisioning a new device id),
  and every effect uses the registration, never the tap body;
- a presented code: the exact code (not missing, not a bounded prefix) verifies at ``scanned_at``
  with the issuer keys — signature, validity window and, for a device-bound ticket, the phone
  proof whose 30-second step must match ``scanned_at`` — names the ticket, product and kind the
  tap names, and is valid at the device's place;
- pay-as-you-go (the account ticket): a verified phone proof is required, so no reader can invent
  a journey charged to a rider's wallet.

Anything else is ``Unverifiable`` with the reason; processing keeps the tap, records an
``unverifiable_tap`` exception and applies nothing. Differences of state (deny-list, double use,
passback) are not evidence failures: the reader's decision stands and the exception is recorded
by processing, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketing.admission import Snapshot, TicketFacts, VerificationFailure
from ticketing.admission import reasons as r
from ticketing.admission.decide import not_valid_here
from ticketing.admission.model import Direction
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Tap
from ticketing.service.devices.snapshot import device_context
from ticketing.service.riders.account_ticket import is_account_product
from ticketing.tickets.presentation import PROOF_TOLERANCE_S
from ticketing.tickets.proof import STEP_S, step_at


@dataclass(frozen=True, slots=True)
class Unverifiable:
    reason: str


def _place_mismatch(tap: Tap, device: Device) -> str | None:
    for name, told, registered in (("stop_id", tap.stop_id, device.stop_id),
                                   ("route_id", tap.route_id, device.route_id),
                                   ("vehicle_id", tap.vehicle_id, device.vehicle_id)):
        if told != registered:
            return (f"{name} {told!r} is not the device's registration ({registered!r}); "
                    "place comes from the registration")
    return None


def check_evidence(tap: Tap, device: Device, snapshot: Snapshot) -> TicketFacts | Unverifiable:
    """The verified ticket behind an accepted tap, or why it cannot be verified."""
    if tap.reason != r.ACCEPTED:
        return Unverifiable(f"an accepted tap with reason {tap.reason!r}")
    if tap.ticket_id is None:
        return Unverifiable("an accepted tap that names no ticket")
    place = _place_mismatch(tap, device)
    if place is not None:
        return Unverifiable(place)
    # What the tap carries decides how it is verified: today a presented code. Another kind of
    # tap (e.g. a chip-ID card carrying a salted card hash) adds its own check here.
    if tap.code is not None:
        return _presented_code(tap, device, snapshot)
    return Unverifiable("an accepted tap without the presented code")


def _presented_code(tap: Tap, device: Device, snapshot: Snapshot) -> TicketFacts | Unverifiable:
    code = tap.code
    if not code or tap.code_sha256 is not None:
        return Unverifiable("an accepted tap without the exact presented code (empty or bounded)")
    facts = snapshot.keys.verify(code, tap.scanned_at)
    if isinstance(facts, VerificationFailure):
        detail = f": {facts.detail}" if facts.detail else ""
        return Unverifiable(f"the code does not verify at scanned_at: {facts.reason}{detail}")
    told = (tap.ticket_id, tap.fare_product_id, tap.ticket_kind)
    held = (facts.ticket_id, facts.fare_product_id, facts.kind)
    if told != held:
        return Unverifiable(f"the tap names ticket/product/kind {told}, the code is {held}")
    if is_account_product(facts.fare_product_id):
        if facts.proof_step is None:
            return Unverifiable("a pay-as-you-go tap without a phone proof")
        off_s = abs(facts.proof_step - step_at(tap.scanned_at)) * STEP_S
        if off_s > PROOF_TOLERANCE_S + STEP_S:
            return Unverifiable(f"the phone proof is {off_s} s from scanned_at")
    direction: Direction = "out" if tap.direction == "out" else "in"
    where = not_valid_here(facts, device_context(device), snapshot, direction)
    if where:
        return Unverifiable(f"not valid at the device's place: {where}")
    return facts
