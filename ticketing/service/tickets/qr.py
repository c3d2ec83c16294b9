"""QR images of static tickets, rendered once and cached in the database (a code changes only when
a pass is activated in the app, and activation drops its cached images).

Device-bound tickets change every 30 seconds on the phone and are never rendered here.

Rendering is fast on purpose: the smallest QR version that holds the code at ECC level M and a
FIXED mask pattern (``qrcode`` otherwise builds the symbol nine times and scores every mask in
pure Python, ~85 % of its time), and the images are written straight from the module matrix
(PNG: one pixel per module scaled up with nearest-neighbour; SVG: one path of horizontal runs).
The mask only shapes the module pattern; any of the eight is a valid QR code, and ticket codes are
random-looking base64url, so the penalty score buys nothing for them (the round-trip tests decode
every product's code at 200 px). See docs/benchmarks.md (rider-api).
"""

from __future__ import annotations

import functools
import io
from typing import Literal

import qrcode
import qrcode.constants
import qrcode.util
from PIL import Image
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock, SystemClock
from ticketing.core.errors import InvalidInput, NotFound, Rejected
from ticketing.db.models.tickets import Ticket, TicketQrImage

QrFormat = Literal["png", "svg"]
BOX_PX = 8
BORDER_MODULES = 4
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}


MASK_PATTERN = 2  # fixed; see the module docstring
_SAMPLE = {qrcode.util.MODE_NUMBER: "0", qrcode.util.MODE_ALPHA_NUM: "A", qrcode.util.MODE_8BIT_BYTE: "a"}


@functools.lru_cache(maxsize=512)
def _version_for(mode: int, length: int) -> int:
    """Smallest version at ECC M for one segment of ``length`` characters in ``mode`` (the same
    for every code of that mode and length, so qrcode's fit search runs once per pair)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=MASK_PATTERN)
    qr.add_data(qrcode.util.QRData(_SAMPLE[mode] * length, mode=mode))
    qr.best_fit()
    return int(qr.version)


def _symbol(code: str) -> qrcode.QRCode:
    data = qrcode.util.QRData(code)  # one segment: byte mode for a ticket code (mixed case)
    qr = qrcode.QRCode(
        version=_version_for(data.mode, len(data)),
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=0,
        mask_pattern=MASK_PATTERN,
    )
    qr.add_data(data)
    qr.make(fit=False)  # version and mask fixed: the symbol is built once, no mask scoring
    return qr


def qr_version(code: str) -> int:
    """The smallest QR version that holds ``code`` at ECC level M."""
    data = qrcode.util.QRData(code)
    return _version_for(data.mode, len(data))


def _modules(code: str) -> list[list[bool]]:
    return [[bool(m) for m in row] for row in _symbol(code).modules]


def _png(modules: list[list[bool]]) -> bytes:
    """Black on white, 1 bit per pixel, ``BOX_PX`` pixels per module, a quiet zone of 4 modules."""
    side = len(modules) + 2 * BORDER_MODULES
    pad, blank = b"\xff" * BORDER_MODULES, b"\xff" * side
    rows = [blank] * BORDER_MODULES
    rows += [pad + bytes(0 if dark else 255 for dark in row) + pad for row in modules]
    rows += [blank] * BORDER_MODULES
    small = Image.frombytes("L", (side, side), b"".join(rows)).convert("1", dither=Image.Dither.NONE)
    big = small.resize((side * BOX_PX, side * BOX_PX), Image.Resampling.NEAREST)
    out = io.BytesIO()
    big.save(out, format="PNG")
    return out.getvalue()


def _svg(modules: list[list[bool]]) -> bytes:
    """One path of horizontal runs of dark modules, in module units (scaled by the viewBox)."""
    side = len(modules) + 2 * BORDER_MODULES
    runs: list[str] = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start + BORDER_MODULES} {y + BORDER_MODULES}h{x - start}v1h-{x - start}z")
    px = side * BOX_PX
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 {side} {side}"'
        ' shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    ).encode("ascii")


def render(code: str, fmt: QrFormat) -> bytes:
    modules = _modules(code)
    return _png(modules) if fmt == "png" else _svg(modules)


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
