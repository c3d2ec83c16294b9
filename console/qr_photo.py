"""Read the QR code in an uploaded photo (zxing-cpp, QR codes only)."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image, UnidentifiedImageError

from ticketing.core.errors import InvalidInput

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000


def read_qr(data: bytes) -> str:
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("photo_too_large", f"a photo holds at most {MAX_PHOTO_BYTES} bytes")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise InvalidInput("photo_too_large", "the photo has too many pixels")
            img.load()
            results = zxingcpp.read_barcodes(
                img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        raise InvalidInput("photo_unreadable", "the upload is not an image") from None
    for result in results:
        if result.valid and result.text:
            return str(result.text)
    raise InvalidInput("qr_not_found", "no QR code found in the photo")
