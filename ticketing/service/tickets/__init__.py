"""Ticket service: issuance, lifecycle, issuer keys, device keys, deny-list and QR images.

Services take an ``AsyncSession`` and flush; the caller's unit of work commits.
"""

from ticketing.service.tickets.activation import activate_pass
from ticketing.service.tickets.denylist import (
    DenylistDelta,
    DenylistItem,
    current_version,
    deny,
    denylist_since,
    is_denied,
    list_denylist,
    prune_denylist,
    supersede,
)
from ticketing.service.tickets.device_keys import DeviceKey, register_device_key, revoke_device_key
from ticketing.service.tickets.issuance import issue_ticket
from ticketing.service.tickets.keyring import IssuerKeyRing, KeyInfo, SigningKey, jwks, published_key_set
from ticketing.service.tickets.lifecycle import (
    TicketChange,
    expire_tickets,
    get_ticket,
    mark_used,
    refund_ticket,
    revoke_ticket,
    ticket_history,
)
from ticketing.service.tickets.qr import qr_version, render_qr
from ticketing.service.tickets.vault import EncryptedVault, FileVault, PrivateKeyVault
from ticketing.service.tickets.views import IssuedTicket

__all__ = [
    "DenylistDelta",
    "DenylistItem",
    "DeviceKey",
    "EncryptedVault",
    "FileVault",
    "IssuedTicket",
    "IssuerKeyRing",
    "KeyInfo",
    "PrivateKeyVault",
    "SigningKey",
    "TicketChange",
    "activate_pass",
    "current_version",
    "deny",
    "denylist_since",
    "expire_tickets",
    "get_ticket",
    "is_denied",
    "issue_ticket",
    "jwks",
    "list_denylist",
    "mark_used",
    "prune_denylist",
    "published_key_set",
    "qr_version",
    "refund_ticket",
    "register_device_key",
    "render_qr",
    "revoke_device_key",
    "revoke_ticket",
    "supersede",
    "ticket_history",
]
