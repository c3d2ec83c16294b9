"""QR images of static tickets, rendered once and cached in the database (a code never changes).

Device-bound tickets change every 30 seconds on the phone and are never rendered here.
"""

from __future__ import annotations

import io
from typing import Literal

import qrcode
import qrcode.constants
import qrcode.image.svg
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock, SystemClock
from ticketing.core.errors import InvalidInput, NotFound, Rejected
from ticketing.db.models.tickets import Ticket, TicketQrImage

QrFormat = Literal["png", "svg"]
BOX_PX = 8
BORDER_MODULES = 4
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}


def qr_version(code: str) -> int:
    """The smallest QR version that holds ``code`` at ECC level M."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)
    return int(qr.version)


def render(code: str, fmt: QrFormat) -> bytes:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=BOX_PX, border=BORDER_MODULES
    )
    qr.add_data(code)
    qr.make(fit=True)
    out = io.BytesIO()
    if fmt == "png":
        qr.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    else:
        qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return out.getvalue()


async def render_qr(session: AsyncSession, ticket_id: str, fmt: str, clock: Clock | None = None) -> bytes:
    """The ticket's QR image (``png`` or ``svg``), rendered on first request and cached."""
    if fmt not in MEDIA_TYPES:
        raise InvalidInput("qr_format_unknown", "QR images are png or svg")
    cached = await session.get(TicketQrImage, (ticket_id, fmt))
    if cached is not None:
        return cached.content
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket_not_found", f"no ticket {ticket_id!r}")
    if "~" in ticket.code:  # pragma: no cover - stored codes are static tickets
        raise Rejected("qr_dynamic", "device-bound presentations are rendered by the phone")
    image = render(ticket.code, "png" if fmt == "png" else "svg")
    now = (clock or SystemClock()).now()
    try:
        async with session.begin_nested():
            session.add(TicketQrImage(ticket_id=ticket_id, fmt=fmt, content=image, created_at=now))
            await session.flush()
    except IntegrityError:
        pass  # rendered concurrently by another request: same bytes for the same code
    return image
