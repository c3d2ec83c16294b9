"""The snapshot as a JSON document: made by the server, merged and kept by the reader.

Wire shape (``GET /v1/devices/{id}/snapshot?since=V``, docs/sync-protocol.md)::

    {"version": 12, "server_time": ISO, "keys": JWKS,
     "denylist": {"full": bool, "added": [ticket ids], "removed": [ticket ids],
                  "superseded": [{"ticket_id", "valid_from": ISO, "valid_until": ISO}]},
     "fares": {"version", "stops", "route_operators", "products"} | null,
     "cccd": {"version", "reader_key", "salt", "hashes": [hex]} (optional; base64 keys),
     "device": {"operator_id", "mode", "stop_id", "vehicle_id", "route_id",
                "passback_window_s", "max_trip_s", "snapshot_max_age_s", "stale_policy"}}

The reader keeps a merged document of the same shape with ``denylist`` a full list and
``superseded`` a map ticket id -> [valid_from, valid_until] (the only window of that ticket still
admitted). ``superseded`` is optional both ways: a delta or kept document without it has none.
``cccd`` (the CCCD free-rider list, salted for this snapshot) is sent whole and replaces the kept
one; a delta without it keeps the previous list.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast

from ticketing.admission.model import (
    CccdList,
    DeviceContext,
    FareTables,
    KeyRing,
    ProductRule,
    Snapshot,
    StopInfo,
)
from ticketing.core.clock import parse_aware


class SnapshotDocumentError(ValueError):
    """The snapshot document does not have the expected shape."""


def fares_to_doc(fares: FareTables) -> dict[str, Any]:
    doc = _fares_core_doc(fares)
    if fares.payg:  # omitted when empty: the earlier wire shape, unchanged
        doc["payg"] = {r: {f: dict(t) for f, t in rows.items()} for r, rows in sorted(fares.payg.items())}
        doc["timezone"] = fares.timezone
    return doc


def _fares_core_doc(fares: FareTables) -> dict[str, Any]:
    return {
        "version": fares.version,
        "stops": {
            stop_id: {"station": info.station_id, "areas": sorted(info.area_ids)}
            for stop_id, info in sorted(fares.stops.items())
        },
        "route_operators": dict(sorted(fares.route_operators.items())),
        "products": {
            pid: {"kind": rule.kind, "operators": sorted(rule.operator_ids)}
            for pid, rule in sorted(fares.products.items())
        },
    }


def fares_from_doc(doc: Mapping[str, Any] | None) -> FareTables:
    if not doc:
        return FareTables()
    try:
        stops = {
            str(sid): StopInfo(str(v["station"]), frozenset(str(a) for a in v.get("areas", ())))
            for sid, v in dict(doc.get("stops", {})).items()
        }
        products = {
            str(pid): ProductRule(
                kind="pass" if v.get("kind") == "pass" else "single",
                operator_ids=frozenset(str(o) for o in v.get("operators", ())),
            )
            for pid, v in dict(doc.get("products", {})).items()
        }
        routes = {str(k): str(v) for k, v in dict(doc.get("route_operators", {})).items()}
        payg = {
            str(r): {str(f): {str(t): int(a) for t, a in dict(to).items()} for f, to in dict(rows).items()}
            for r, rows in dict(doc.get("payg") or {}).items()
        }
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise SnapshotDocumentError(f"fare tables: {exc}") from None
    timezone = str(doc.get("timezone") or "Asia/Ho_Chi_Minh")
    return FareTables(str(doc.get("version", "")), stops, routes, products, payg, timezone)


def cccd_to_doc(cards: CccdList) -> dict[str, Any]:
    return {
        "version": cards.version,
        "reader_key": base64.b64encode(cards.reader_key).decode("ascii"),
        "salt": base64.b64encode(cards.salt).decode("ascii"),
        "hashes": sorted(cards.hashes),
    }


def cccd_from_doc(doc: Mapping[str, Any] | None) -> CccdList | None:
    if not doc:
        return None
    try:
        return CccdList(
            version=int(doc["version"]),
            reader_key=base64.b64decode(str(doc["reader_key"]), validate=True),
            salt=base64.b64decode(str(doc["salt"]), validate=True),
            hashes=frozenset(str(h) for h in doc.get("hashes", ())),
        )
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise SnapshotDocumentError(f"cccd list: {exc}") from None


def superseded_to_doc(entries: Iterable[tuple[str, datetime, datetime]]) -> list[dict[str, str]]:
    return [
        {"ticket_id": t, "valid_from": start.isoformat(), "valid_until": end.isoformat()}
        for t, start, end in entries
    ]


def _superseded_delta(deny: Mapping[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in deny.get("superseded") or ():
        start, end = str(item["valid_from"]), str(item["valid_until"])
        parse_aware(start), parse_aware(end)
        out[str(item["ticket_id"])] = [start, end]
    return out


def merge(current: Mapping[str, Any] | None, delta: Mapping[str, Any]) -> dict[str, Any]:
    """Apply a server delta to the kept document; returns the new full document."""
    try:
        deny = delta["denylist"]
        if current is None or deny.get("full"):
            denied = set(map(str, deny.get("added", ())))
            superseded: dict[str, list[str]] = {}
        else:
            denied = set(map(str, current.get("denylist", ())))
            denied |= set(map(str, deny.get("added", ())))
            superseded = {str(k): list(v) for k, v in dict(current.get("superseded") or {}).items()}
        superseded.update(_superseded_delta(deny))
        denied -= set(map(str, deny.get("removed", ())))
        for ticket_id in denied | set(map(str, deny.get("removed", ()))):
            superseded.pop(ticket_id, None)  # a full deny (or a removal) ends a supersede entry
        fares = delta.get("fares")
        if fares is None and current is not None:
            fares = current.get("fares")
        merged = {
            "version": int(delta["version"]),
            "taken_at": str(delta["server_time"]),
            "keys": delta["keys"],
            "denylist": sorted(denied),
            "superseded": dict(sorted(superseded.items())),
            "fares": fares,
            "device": delta.get("device") or (current or {}).get("device") or {},
        }
        capped = delta.get("payg_capped")
        if capped:
            merged["payg_capped"] = {"day": str(capped["day"]), "tickets": dict(capped["tickets"])}
        cccd = delta.get("cccd") or (current or {}).get("cccd")
        if cccd:
            merged["cccd"] = cccd
        parse_aware(merged["taken_at"])
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise SnapshotDocumentError(f"snapshot delta: {exc}") from None
    return merged


def device_from_doc(device_id: str, doc: Mapping[str, Any]) -> DeviceContext:
    d = dict(doc)
    try:
        return DeviceContext(
            device_id=device_id,
            operator_id=str(d["operator_id"]),
            mode="bus" if d.get("mode") == "bus" else "metro",
            stop_id=d.get("stop_id"),
            vehicle_id=d.get("vehicle_id"),
            route_id=d.get("route_id"),
            passback_window_s=int(d.get("passback_window_s", 600)),
            max_trip_s=int(d.get("max_trip_s", 4 * 3600)),
            snapshot_max_age_s=int(d.get("snapshot_max_age_s", 24 * 3600)),
            stale_policy="reject" if d.get("stale_policy") == "reject" else "accept_and_flag",
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotDocumentError(f"device context: {exc}") from None


def device_to_doc(device: DeviceContext) -> dict[str, Any]:
    return {
        "operator_id": device.operator_id,
        "mode": device.mode,
        "stop_id": device.stop_id,
        "vehicle_id": device.vehicle_id,
        "route_id": device.route_id,
        "passback_window_s": device.passback_window_s,
        "max_trip_s": device.max_trip_s,
        "snapshot_max_age_s": device.snapshot_max_age_s,
        "stale_policy": device.stale_policy,
    }


def snapshot_from_doc(
    doc: Mapping[str, Any], keyring_factory: Callable[[Mapping[str, Any]], KeyRing]
) -> Snapshot:
    try:
        taken_at: datetime = parse_aware(str(doc["taken_at"]))
        keys = keyring_factory(cast(Mapping[str, Any], doc["keys"]))
        return Snapshot(
            version=int(doc["version"]),
            taken_at=taken_at,
            keys=keys,
            denylist=frozenset(map(str, doc.get("denylist", ()))),
            fares=fares_from_doc(doc.get("fares")),
            superseded={
                str(t): (parse_aware(str(w[0])), parse_aware(str(w[1])))
                for t, w in dict(doc.get("superseded") or {}).items()
            },
            cccd=cccd_from_doc(doc.get("cccd")),
            payg_capped={
                str(t): frozenset(map(str, routes))
                for t, routes in dict((doc.get("payg_capped") or {}).get("tickets") or {}).items()
            },
            payg_capped_day=(
                date.fromisoformat(str(doc["payg_capped"]["day"])) if doc.get("payg_capped") else None
            ),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise SnapshotDocumentError(f"snapshot: {exc}") from None
