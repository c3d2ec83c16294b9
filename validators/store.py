"""The reader's store directory: identity, key, snapshot and journal.

Layout of ``--store DIR``::

    device.json     device id, server URL (written at enrolment)
    device_key.pem  the device's own Ed25519 private key (0600, never leaves the reader)
    snapshot.json   the merged snapshot (keys, deny-list, fare tables, device policy)
    journal.db      the append-only tap journal (plus -wal/-shm)

Every file is replaced atomically: written beside, fsynced, renamed, directory fsynced.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from validators.journal import Journal


class StoreError(Exception):
    """The store is missing a file or a file is unreadable. The message is one line."""


@dataclass(frozen=True, slots=True)
class Identity:
    device_id: str
    server: str


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def identity_path(self) -> Path:
        return self.root / "device.json"

    @property
    def key_path(self) -> Path:
        return self.root / "device_key.pem"

    @property
    def snapshot_path(self) -> Path:
        return self.root / "snapshot.json"

    @property
    def journal_path(self) -> Path:
        return self.root / "journal.db"

    def is_enrolled(self) -> bool:
        return self.identity_path.exists()

    def identity(self) -> Identity:
        doc = self._read_json(self.identity_path, "not enrolled: run `vexe-validator enroll` first")
        try:
            return Identity(str(doc["device_id"]), str(doc["server"]))
        except KeyError as exc:
            raise StoreError(f"{self.identity_path}: missing {exc}") from None

    def save_identity(self, identity: Identity) -> None:
        doc = {"device_id": identity.device_id, "server": identity.server}
        write_atomic(self.identity_path, json.dumps(doc, indent=2).encode())

    def new_private_key(self) -> Ed25519PrivateKey:
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_atomic(self.key_path, pem, mode=0o600)
        return key

    def private_key(self) -> Ed25519PrivateKey:
        try:
            key = serialization.load_pem_private_key(self.key_path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StoreError(f"device key {self.key_path}: {exc}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise StoreError(f"device key {self.key_path} is not Ed25519")
        return key

    def snapshot_doc(self) -> dict[str, Any] | None:
        if not self.snapshot_path.exists():
            return None
        return self._read_json(self.snapshot_path, "")

    def save_snapshot_doc(self, doc: dict[str, Any]) -> None:
        write_atomic(self.snapshot_path, json.dumps(doc, separators=(",", ":")).encode())

    def open_journal(self) -> Journal:
        return Journal.open(self.journal_path)

    def _read_json(self, path: Path, missing: str) -> dict[str, Any]:
        try:
            doc = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise StoreError(missing or f"{path} is missing") from None
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path} is unreadable: {exc}") from None
        if not isinstance(doc, dict):
            raise StoreError(f"{path} is not a JSON object")
        return doc
