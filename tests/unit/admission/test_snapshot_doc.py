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


SUPERSEDED = {"ticket_id": "S", "valid_from": "2025-10-13T01:00:00+00:00",
              "valid_until": "2025-10-20T01:00:00+00:00"}


def with_superseded(doc: dict[str, object], entries: list[dict[str, str]]) -> dict[str, object]:
    deny = dict(doc["denylist"])  # type: ignore[call-overload]
    deny["superseded"] = entries
    return {**doc, "denylist": deny}


def test_superseded_entries_merge_and_round_trip() -> None:
    # A kept document from before supersede entries existed (no "superseded" key) still loads.
    old_kept = merge(None, delta(3, ["A"], [], full=True))
    del old_kept["superseded"]
    assert snapshot_from_doc(old_kept, keyring_from_jwks).superseded == {}
    kept = merge(old_kept, with_superseded(delta(4, [], []), [SUPERSEDED]))
    assert kept["denylist"] == ["A"]
    assert kept["superseded"] == {"S": [SUPERSEDED["valid_from"], SUPERSEDED["valid_until"]]}
    kept = merge(kept, delta(5, ["B"], []))  # a delta without the key keeps the entries
    snapshot = snapshot_from_doc(kept, keyring_from_jwks)
    assert snapshot.denylist == frozenset({"A", "B"})
    assert snapshot.superseded == {
        "S": (datetime(2025, 10, 13, 1, tzinfo=UTC), datetime(2025, 10, 20, 1, tzinfo=UTC))
    }
    assert merge(kept, delta(6, ["S"], []))["superseded"] == {}  # refunded later: a full deny
    assert merge(kept, delta(6, [], ["S"]))["superseded"] == {}  # pruned
    assert merge(kept, delta(7, [], [], full=True))["superseded"] == {}  # a full list replaces
    full = merge(kept, with_superseded(delta(8, [], [], full=True), [SUPERSEDED]))
    assert list(full["superseded"]) == ["S"]


def test_bad_superseded_entries_are_typed_errors() -> None:
    with pytest.raises(SnapshotDocumentError):
        merge(None, with_superseded(delta(1, [], [], full=True), [{"ticket_id": "S"}]))
    naive = {**SUPERSEDED, "valid_from": "2025-10-13T01:00:00"}
    with pytest.raises(SnapshotDocumentError):
        merge(None, with_superseded(delta(1, [], [], full=True), [naive]))
    kept = merge(None, delta(1, [], [], full=True))
    kept["superseded"] = {"S": ["2025-10-13T01:00:00+00:00"]}
    with pytest.raises(SnapshotDocumentError):
        snapshot_from_doc(kept, keyring_from_jwks)
