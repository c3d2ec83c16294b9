"""The reader's side of the sync protocol (docs/sync-protocol.md), over httpx.

Every request after enrolment carries a short-lived JWT signed with the device's own Ed25519 key
(``Authorization: Device <jwt>``). Taps go up in gzip batches of at most 1,000; nothing is
considered uploaded until the server acknowledges the batch.
"""

from __future__ import annotations

import base64
import gzip
import json
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tqdm import tqdm

from ticketing.admission.snapshot_doc import SnapshotDocumentError, merge
from ticketing.admission.tap_wire import BATCH_TAPS_MAX, to_wire
from ticketing.core.clock import parse_aware
from validators.journal import Journal, JournalError, SyncRecord, Tap
from validators.store import Identity, Store, StoreError

DEVICE_TOKEN_TYPE = "dev+jwt"  # noqa: S105 - a media type name
DEVICE_AUDIENCE = "vexe-device-api"
REQUEST_TOKEN_TTL_S = 120
TIMEOUT_S = 30.0


class SyncError(Exception):
    """The server refused or could not be reached. The message is one line."""


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    uploaded: int
    acked_through: int
    snapshot_version: int | None
    clock_skew_s: float

    def as_json(self) -> dict[str, Any]:
        return {
            "uploaded": self.uploaded,
            "acked_through": self.acked_through,
            "snapshot_version": self.snapshot_version,
            "clock_skew_s": round(self.clock_skew_s, 3),
        }


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def request_token(
    key: Ed25519PrivateKey, device_id: str, method: str, path: str, now: datetime
) -> str:
    iat = int(now.timestamp())
    claims = {
        "iss": device_id,
        "sub": device_id,
        "aud": DEVICE_AUDIENCE,
        "iat": iat,
        "exp": iat + REQUEST_TOKEN_TTL_S,
        "jti": secrets.token_urlsafe(16),
        "htm": method.upper(),
        "htu": path,
    }
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"typ": DEVICE_TOKEN_TYPE})


def _problem(resp: httpx.Response) -> SyncError:
    try:
        body = resp.json()
        said = body.get("detail_en") or body.get("detail") or body.get("title", "")
        msg = f"{body.get('code', 'error')}: {said}"
    except ValueError:
        msg = resp.text[:200]
    return SyncError(f"server answered {resp.status_code} {msg}".replace("\n", " "))


def enroll(store: Store, server: str, token: str, client: httpx.Client | None = None) -> dict[str, Any]:
    """Register this reader's own public key with a one-time token; then fetch a first snapshot."""
    if store.is_enrolled():
        raise StoreError(f"store {store.root} is already enrolled")
    if store.journal_path.exists():
        raise StoreError(f"store {store.root} has a journal but no identity; refusing to reuse it")
    store.root.mkdir(parents=True, exist_ok=True)
    key = store.new_private_key()
    server = server.rstrip("/")
    own = client is None
    http = client or httpx.Client(base_url=server, timeout=TIMEOUT_S)
    try:
        try:
            resp = http.post(
                "/v1/devices/enroll",
                json={"enrolment_token": token, "public_key": public_key_b64(key)},
            )
        except httpx.HTTPError as exc:
            raise SyncError(f"cannot reach {server}: {exc}") from None
        if resp.status_code != 200:
            raise _problem(resp)
        body = resp.json()
        device_id = str(body["device_id"])
        Journal.create(store.journal_path, device_id).close()
        store.save_identity(Identity(device_id, server))
        return {"device_id": device_id, "server_time": body.get("server_time")}
    finally:
        if own:
            http.close()


class SyncClient:
    def __init__(
        self,
        store: Store,
        journal: Journal,
        client: httpx.Client | None = None,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.journal = journal
        self.identity = store.identity()
        self.key = store.private_key()
        self._own = client is None
        self.http = client or httpx.Client(base_url=self.identity.server, timeout=TIMEOUT_S)
        self._wall = wall_clock
        last = journal.last_sync()
        self.skew_s = last.clock_skew_s if last else 0.0

    def close(self) -> None:
        if self._own:
            self.http.close()

    def _headers(self, method: str, path: str) -> dict[str, str]:
        now = self._wall() + timedelta(seconds=self.skew_s)
        token = request_token(self.key, self.identity.device_id, method, path, now)
        return {"Authorization": f"Device {token}"}

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        extra = kwargs.pop("headers", {})
        for attempt in range(2):
            sent_at = self._wall()
            try:
                resp = self.http.request(
                    method, path, headers={**self._headers(method, path), **extra}, **kwargs
                )
            except httpx.HTTPError as exc:
                raise SyncError(f"cannot reach {self.identity.server}: {exc}") from None
            if attempt == 0 and resp.status_code == 401 and self._resync_clock(resp, sent_at):
                continue  # our clock drifted past the token window: retry once, corrected
            return resp
        return resp

    def _resync_clock(self, resp: httpx.Response, sent_at: datetime) -> bool:
        """Learn the skew from the answer's ``Date`` header after ``device_token_expired``."""
        try:
            code = resp.json().get("code")
        except ValueError:
            return False
        date = resp.headers.get("date")
        if code != "device_token_expired" or not date:
            return False
        try:
            server_now = parsedate_to_datetime(date)
        except (TypeError, ValueError):
            return False
        if server_now.tzinfo is None:
            return False
        self.skew_s = (server_now - sent_at).total_seconds()
        return True

    def upload(self, progress: bool = True) -> tuple[int, int]:
        """Send every unacknowledged tap; returns (taps uploaded, acknowledged through)."""
        acked = self.journal.acked_through()
        pending = self.journal.pending_count()
        uploaded = 0
        path = f"/v1/devices/{self.identity.device_id}/taps"
        with tqdm(total=pending, unit="tap", file=sys.stderr, desc="sync",
                  disable=not progress or pending <= BATCH_TAPS_MAX) as bar:
            for _ in range(pending // BATCH_TAPS_MAX + 2):
                batch = self.journal.taps_after(acked, BATCH_TAPS_MAX)
                if not batch:
                    break
                body = gzip.compress(json.dumps({"taps": [tap_to_wire(t) for t in batch]}).encode())
                resp = self._send("POST", path, content=body, headers={
                    "Content-Type": "application/json", "Content-Encoding": "gzip"})
                if resp.status_code != 200:
                    raise _problem(resp)
                held = int(resp.json()["acked_through"])
                acked = max(acked, min(held, batch[-1].seq))
                self.journal.record_sync(SyncRecord(self._wall(), acked, None, self.skew_s))
                uploaded += len(batch)
                bar.update(len(batch))
        return uploaded, acked

    def refresh_snapshot(self) -> int:
        current = self.store.snapshot_doc()
        since = int(current["version"]) if current else 0
        fares = (current or {}).get("fares") or {}
        fares_version = str(fares.get("version", ""))
        path = f"/v1/devices/{self.identity.device_id}/snapshot"
        t0 = time.monotonic()
        sent_at = self._wall()
        resp = self._send("GET", path, params={"since": since, "fares_version": fares_version})
        rtt = time.monotonic() - t0
        if resp.status_code != 200:
            raise _problem(resp)
        delta = resp.json()
        try:
            server_time = parse_aware(str(delta["server_time"]))
            merged = merge(current, delta)
        except (KeyError, ValueError, SnapshotDocumentError) as exc:
            raise SyncError(f"bad snapshot from server: {exc}") from None
        self.skew_s = (server_time - (sent_at + timedelta(seconds=rtt / 2))).total_seconds()
        self.store.save_snapshot_doc(merged)
        return int(merged["version"])

    def sync(self, progress: bool = True) -> SyncOutcome:
        # Snapshot first: it measures the clock skew the upload's tokens use, and a batch the
        # server refuses never keeps the reader on a stale deny-list.
        version = self.refresh_snapshot()
        uploaded, acked = self.upload(progress)
        self.journal.record_sync(SyncRecord(self._wall(), acked, version, self.skew_s))
        return SyncOutcome(uploaded, acked, version, self.skew_s)


def tap_to_wire(tap: Tap) -> dict[str, Any]:
    return to_wire(tap)


__all__ = ["JournalError", "SyncClient", "SyncError", "enroll", "public_key_b64", "request_token"]
