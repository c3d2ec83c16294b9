"""Issue → PNG → about 200 px wide and slightly blurred → zxing-cpp → verify → accept, for every
product kind on both databases (and a device-bound presentation rendered as a phone would)."""

from __future__ import annotations

import io
import random
import string

import pytest
import qrcode
import qrcode.constants
import resvg_py
import zxingcpp
from PIL import Image, ImageFilter
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.tickets import encrypted_ring, hanoi_in_force
from ticketing.core.clock import FixedClock
from ticketing.service.tickets import issue_ticket, jwks, qr_version, register_device_key, render_qr
from ticketing.service.tickets.qr import render
from ticketing.tickets import IssuerKeySet, new_ticket_id, verify_presentation
from ticketing.tickets.phone import PhoneKey

# (product, category, media): a bus single, a metro single per medium, and one pass per validity rule
PRODUCT_KINDS = [
    ("bus_single_8000", "pho_thong", None),
    ("m2a_single_h11", "uu_tien", "hanoi_metro_app"),
    ("m2a_single_h03", "pho_thong", "cash_metro"),
    ("m2a_day", "pho_thong", "hanoi_metro_app"),  # operating_day
    ("m2a_week", "uu_tien", "hanoi_metro_app"),  # from_activation
    ("m2a_month", "uu_tien", "hanoi_metro_app"),  # from_issue
    ("bus_month_route_brt01", "uu_tien", None),  # calendar_month
    ("multimodal_month", "pho_thong", None),
]


def camera_view(png: bytes, width: int = 200) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("L")
    small = image.resize((width, round(image.height * width / image.width)), Image.Resampling.BILINEAR)
    return small.filter(ImageFilter.GaussianBlur(radius=0.6))


def svg_raster(svg: bytes) -> bytes:
    """An independent renderer (resvg) turns our SVG into PNG, on white like a screen."""
    return bytes(resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), background="#ffffff"))


def scan(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "no QR code decoded"
    return str(found[0].text)


@pytest.mark.parametrize(("product", "category", "media"), PRODUCT_KINDS)
async def test_printed_ticket_scans_and_verifies(
    session: AsyncSession, clock: FixedClock, product: str, category: str, media: str | None
) -> None:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring(auto_create=True)
    ticket = await issue_ticket(
        session,
        clock,
        ring,
        ticket_id=new_ticket_id(),
        fare_product_id=product,
        rider_category_id=category,
        fare_media_id=media,
        valid_from=None,
        holder_id=None,
        order_id=None,
        device_key_id=None,
        actor="staff:counter",
        reason="cash sale",
    )
    assert len(ticket.code) <= 251
    assert qr_version(ticket.code) <= 11
    scanned = scan(camera_view(await render_qr(session, ticket.ticket_id, "png")))
    assert scanned == ticket.code
    assert scan(camera_view(svg_raster(await render_qr(session, ticket.ticket_id, "svg")))) == ticket.code
    keys = IssuerKeySet.from_jwks(await jwks(session, clock.now()))
    at = max(clock.now(), ticket.valid_from)
    result = verify_presentation(scanned, keys, at)
    assert result.accepted, result
    assert result.claims.fare_product_id == product  # type: ignore[union-attr]


async def test_device_bound_presentation_scans_and_verifies(session: AsyncSession, clock: FixedClock) -> None:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring(auto_create=True)
    phone = PhoneKey.generate()
    await register_device_key(
        session, clock, device_key_id="dk-a", holder_id="r-1", public_jwk=phone.public_jwk()
    )
    ticket = await issue_ticket(
        session,
        clock,
        ring,
        ticket_id=new_ticket_id(),
        fare_product_id="m2a_week",
        rider_category_id="uu_tien",
        fare_media_id="hanoi_metro_app",
        valid_from=None,
        holder_id="r-1",
        order_id=None,
        device_key_id="dk-a",
        actor="rider:r-1",
        reason="order",
    )
    shown = phone.present(ticket.code, clock.now())
    assert len(shown) <= 362
    assert qr_version(shown) <= 14
    # A phone shows the code full-screen: a reader sees it larger than a printed stub (240 px here
    # is ~3 px per module for version 14; at 200 px it is under 2.5 and decoding becomes unreliable).
    scanned = scan(camera_view(render(shown, "png"), width=240))
    keys = IssuerKeySet.from_jwks(await jwks(session, clock.now()))
    assert verify_presentation(scanned, keys, clock.now()).accepted


@pytest.mark.parametrize("length", [40, 120, 180, 230, 251, 300, 362])
def test_fast_renderer_uses_the_smallest_version_and_both_formats_decode(length: int) -> None:
    """Fixed mask, no scoring: the version is still the one qrcode's own best fit picks at ECC M,
    and the PNG and the SVG (rasterised by resvg) decode through a 200 px blurred camera view
    (240 px above the static budget, as for a phone screen)."""
    alphabet = string.ascii_letters + string.digits + "-_."
    code = "".join(random.Random(length).choices(alphabet, k=length))  # like a JWS, reproducible
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    reference.add_data(code)
    reference.make(fit=True)
    assert qr_version(code) == reference.version
    width = 200 if length <= 251 else 240
    assert scan(camera_view(render(code, "png"), width=width)) == code
    assert scan(camera_view(svg_raster(render(code, "svg")), width=width)) == code
