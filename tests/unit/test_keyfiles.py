"""Generated key files of the embedded default: created once, mode 0600, reused after."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vexe.keyfiles import load_or_create_ed25519_pem, write_private_file


def test_generated_key_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "var" / "keys" / "auth_ed25519.pem"
    first = load_or_create_ed25519_pem(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    key = serialization.load_pem_private_key(first, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    assert load_or_create_ed25519_pem(path) == first


def test_private_files_are_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    write_private_file(path, b"one")
    with pytest.raises(FileExistsError):
        write_private_file(path, b"two")
    assert path.read_bytes() == b"one"
