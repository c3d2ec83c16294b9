"""Where issuer private keys live at rest.

- ``EncryptedVault``: in the database row, AES-256-GCM encrypted under a key-encryption key (KEK)
  from ``VEXE_KEY_ENCRYPTION_KEY`` (HKDF-SHA256 of the setting, so any long random string works);
  the kid is the associated data, so a ciphertext cannot be moved to another key's row.
- ``FileVault``: the embedded default only: a PEM file with mode 0600 under ``<data_dir>/keys/tickets``.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ticketing.core.errors import Unavailable
from ticketing.tickets.ids import KID_PATTERN

MIN_KEK_LENGTH = 32


class PrivateKeyVault(Protocol):
    storage: str

    def seal(self, kid: str, key: Ed25519PrivateKey) -> str | None:
        """Store ``key``; returns what goes in the row's ``private_key_enc`` (None: kept outside)."""
        ...

    def open(self, kid: str, sealed: str | None) -> Ed25519PrivateKey: ...


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


class EncryptedVault:
    storage = "db"

    def __init__(self, key_encryption_key: str) -> None:
        if len(key_encryption_key) < MIN_KEK_LENGTH:
            raise ValueError(f"VEXE_KEY_ENCRYPTION_KEY must be at least {MIN_KEK_LENGTH} characters")
        derived = HKDF(hashes.SHA256(), 32, salt=None, info=b"vexe ticket issuer keys v1").derive(
            key_encryption_key.encode("utf-8")
        )
        self._aead = AESGCM(derived)

    def seal(self, kid: str, key: Ed25519PrivateKey) -> str:
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, _raw(key), kid.encode("ascii"))
        return "v1:" + base64.b64encode(sealed).decode("ascii")

    def open(self, kid: str, sealed: str | None) -> Ed25519PrivateKey:
        if sealed is None or not sealed.startswith("v1:"):
            raise Unavailable("issuer_key_unreadable", f"issuer key {kid} is not encrypted in the database")
        blob = base64.b64decode(sealed[3:])
        try:
            raw = self._aead.decrypt(blob[:12], blob[12:], kid.encode("ascii"))
        except InvalidTag:
            raise Unavailable(
                "issuer_key_unreadable", f"issuer key {kid} does not decrypt with VEXE_KEY_ENCRYPTION_KEY"
            ) from None
        return Ed25519PrivateKey.from_private_bytes(raw)


class FileVault:
    storage = "file"

    def __init__(self, directory: Path) -> None:
        self._dir = directory

    def _path(self, kid: str) -> Path:
        if not KID_PATTERN.match(kid):
            raise ValueError(f"bad kid {kid!r}")
        return self._dir / f"{kid}.pem"

    def seal(self, kid: str, key: Ed25519PrivateKey) -> None:
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self._path(kid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
        finally:
            os.close(fd)
        return None

    def open(self, kid: str, sealed: str | None) -> Ed25519PrivateKey:
        path = self._path(kid)
        try:
            if path.stat().st_mode & 0o077:
                raise Unavailable("issuer_key_unreadable", f"{path} must have mode 0600")
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except FileNotFoundError:
            raise Unavailable("issuer_key_unreadable", f"issuer key file {path} is missing") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise Unavailable("issuer_key_unreadable", f"{path} is not an Ed25519 key")
        return key
