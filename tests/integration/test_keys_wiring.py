"""How the composition root wires the issuer key ring for each configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketing.service.tickets import IssuerKeyRing
from vexe.container import build_runtime
from vexe.settings import Settings
from vexe.wiring import _wire_tickets

KEK = "wiring-test-key-encryption-key-0123456789"


async def ring_for(settings: Settings) -> IssuerKeyRing:
    runtime = build_runtime(settings)
    try:
        ring = runtime.issuer_keys
        assert isinstance(ring, IssuerKeyRing)
        return ring
    finally:
        await runtime.aclose()


async def test_embedded_default_uses_0600_files_and_makes_a_first_key(tmp_path: Path) -> None:
    ring = await ring_for(Settings(data_dir=tmp_path))
    assert (ring.vault.storage, ring.auto_create) == ("file", True)


async def test_a_key_encryption_key_keeps_keys_in_the_database(tmp_path: Path) -> None:
    ring = await ring_for(Settings(data_dir=tmp_path, key_encryption_key=KEK))  # type: ignore[arg-type]
    assert ring.vault.storage == "db"


def test_production_never_generates_or_reads_file_keys(tmp_path: Path) -> None:
    class Holder:
        issuer_keys: IssuerKeyRing | None = None

    holder = Holder()
    production = Settings(env="production", data_dir=tmp_path, key_encryption_key=KEK)  # type: ignore[arg-type]
    _wire_tickets(production, holder)  # type: ignore[arg-type]
    ring = holder.issuer_keys
    assert isinstance(ring, IssuerKeyRing)
    assert (ring.vault.storage, ring.auto_create) == ("db", False)
    assert "file" not in ring._vaults
    with pytest.raises(ValueError, match="VEXE_KEY_ENCRYPTION_KEY"):
        _wire_tickets(Settings(env="production", data_dir=tmp_path), holder)  # type: ignore[arg-type]
