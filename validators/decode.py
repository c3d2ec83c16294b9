"""Reading a QR code from a camera frame or image file with zxing-cpp (QR codes only)."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PIL import Image, UnidentifiedImageError


class DecodeError(Exception):
    """No QR code could be read from the image. The message is one line."""


def decode_image(path: Path) -> str:
    try:
        with Image.open(path) as img:
            img.load()
            results = zxingcpp.read_barcodes(
                img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
            )
    except (OSError, UnidentifiedImageError) as exc:
        raise DecodeError(f"cannot read image {path}: {exc}") from None
    for result in results:
        if result.valid and result.text:
            return str(result.text)
    raise DecodeError(f"no QR code found in {path}")
