"""Key material for the embedded default: generated once into the data dir with mode 0600.

Production never reaches this: the guard in settings refuses to start without provided keys.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def write_private_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def load_or_create_ed25519_pem(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes()
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        write_private_file(path, pem)
    except FileExistsError:
        return path.read_bytes()
    return pem


def load_or_create_secret(path: Path, size: int = 32) -> bytes:
    """A random secret kept in a 0600 file (development default for HMAC keys)."""
    if path.exists():
        return path.read_bytes()
    secret = os.urandom(size)
    try:
        write_private_file(path, secret)
    except FileExistsError:
        return path.read_bytes()
    return secret
