"""The area ports the rider API needs, taken from the runtime with a clear error when unwired."""

from __future__ import annotations

from ticketing.core.errors import Unavailable
from ticketing.runtime import Runtime
from ticketing.service.riders.purchase import PurchasePorts
from ticketing.service.tickets.keyring import IssuerKeyRing


def purchase_ports(runtime: Runtime) -> PurchasePorts:
    payments = runtime.payments
    keyring = runtime.issuer_keys
    if payments is None:
        raise Unavailable("payments_unavailable", "no payment provider is configured")
    if keyring is None:
        raise Unavailable("tickets_unavailable", "no ticket issuer keys are configured")
    return PurchasePorts(payments=payments, keyring=keyring, handlers=runtime.payment_handlers)


def issuer_keys(runtime: Runtime) -> IssuerKeyRing:
    keyring = runtime.issuer_keys
    if keyring is None:
        raise Unavailable("tickets_unavailable", "no ticket issuer keys are configured")
    return keyring
