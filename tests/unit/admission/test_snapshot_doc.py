"""The snapshot document: deltas merge into the kept document; bad documents are typed errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.admission.issuer import Issuer
from ticketing.admission import FareTables, ProductRule, StopInfo
from ticketing.admission.snapshot_doc import (
    SnapshotDocumentError,
    device_from_doc,
    fares_from_doc,
    fares_to_doc,
    merge,
    snapshot_from_doc,
)
from ticketing.admission.ticket_keys import keyring_from_jwks

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)


def delta(version: int, added: list[str], removed: list[str], full: bool = False,
          fares: dict[str, object] | None = None) -> dict[str, object]:
    return {"version": version, "server_time": NOW.isoformat(), "keys": Issuer().jwks(),
            "denylist": {"full": full, "added": added, "removed": removed}, "fares": fares,
            "device": {"operator_id": "HN_BUS", "mode": "bus", "vehicle_id": "29B-001"}}


def test_deltas_merge_and_full_replaces() -> None:
    fares = fares_to_doc(FareTables("v7", {"S1": StopInfo("ST", frozenset({"a"}))}, {"R": "HN_BUS"},
                                    {"p": ProductRule("pass", frozenset({"HN_BUS"}))}))
    kept = merge(None, delta(3, ["A", "B"], [], full=True, fares=fares))
    kept = merge(kept, delta(5, ["C"], ["A"]))
    assert kept["denylist"] == ["B", "C"]
    assert kept["version"] == 5
    assert fares_from_doc(kept["fares"]).version == "v7"  # fares null in a delta: keep ours
    replaced = merge(kept, delta(9, ["Z"], [], full=True))
    assert replaced["denylist"] == ["Z"]
    snapshot = snapshot_from_doc(replaced, keyring_from_jwks)
    assert snapshot.denylist == frozenset({"Z"})
    assert snapshot.fares.products["p"].kind == "pass"
    assert device_from_doc("bus-1", replaced["device"]).vehicle_id == "29B-001"


def test_bad_documents_are_typed_errors() -> None:
    with pytest.raises(SnapshotDocumentError):
        merge(None, {"version": 1})
    bad_time = delta(1, [], [], full=True)
    bad_time["server_time"] = "2025-10-14T01:00:00"
    with pytest.raises(SnapshotDocumentError):
        merge(None, bad_time)
    kept = merge(None, delta(1, [], [], full=True))
    kept["keys"] = {"keys": [{"kty": "RSA"}]}
    with pytest.raises(SnapshotDocumentError):
        snapshot_from_doc(kept, keyring_from_jwks)
