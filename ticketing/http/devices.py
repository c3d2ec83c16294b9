"""The device API used by offline readers: enrolment, tap upload, snapshot download.

Every call but enrolment is authenticated by a short-lived JWT the device signs with its own
Ed25519 key (``Authorization: Device <jwt>``); a device can only post its own taps and read its
own snapshot. See docs/sync-protocol.md.
"""

from __future__ import annotations

import json
import logging
import zlib
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.core.timefmt import rfc3339
from ticketing.http.deps import RuntimeDep
from ticketing.http.json_depth import JsonTooDeep, ensure_json_depth
from ticketing.http.problems import problem_responses
from ticketing.http.times import current_zone
from ticketing.runtime import Runtime
from ticketing.service.devices.ports import SnapshotSources, TapEffects
from ticketing.service.devices.registry import enrol_device
from ticketing.service.devices.request_auth import authenticate_device
from ticketing.service.devices.snapshot import snapshot_delta
from ticketing.service.taps.batch import parse_batch
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps
from ticketing.service.taps.stream import batch_ref, publish_after_commit

router = APIRouter(prefix="/v1/devices", tags=["devices"])
log = logging.getLogger("vexe.devices")

BODY_MAX_BYTES = 8 * 1024 * 1024
INLINE_ROUNDS_MAX = 20


class Enrolment(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    enrolment_token: str = Field(min_length=8, max_length=200)
    public_key: str = Field(min_length=40, max_length=64, description="raw Ed25519 key, base64url")


class Enrolled(BaseModel):
    device_id: str
    operator_id: str
    stop_id: str | None
    vehicle_id: str | None
    server_time: str


class TapsAck(BaseModel):
    received: int
    stored: int
    duplicates: int
    acked_through: int = Field(description="the highest sequence the server holds for this device")
    quarantined: int = Field(
        default=0, description="taps of this batch stored but quarantined as implausible")


class SnapshotDelta(BaseModel):
    version: int
    since: int
    server_time: str
    keys: dict[str, Any]
    denylist: dict[str, Any]
    fares: dict[str, Any] | None
    device: dict[str, Any]


def _ports(runtime: Runtime) -> tuple[SnapshotSources, TapEffects]:
    sources = runtime.snapshot_sources
    effects = runtime.tap_effects
    if sources is None or effects is None:
        raise Unavailable("device_sync_unavailable", "snapshot sources are not wired")
    return sources, effects


def _decode_body(raw: bytes, encoding: str | None) -> Any:
    if encoding and encoding.lower() not in ("gzip", "identity"):
        raise InvalidInput("unsupported_content_encoding", "Content-Encoding must be gzip or absent")
    if encoding and encoding.lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = inflater.decompress(raw, BODY_MAX_BYTES)
        except zlib.error as exc:
            raise InvalidInput("tap_batch_invalid", f"body is not valid gzip: {exc}") from None
        if inflater.unconsumed_tail:
            raise InvalidInput("tap_batch_too_large", f"body exceeds {BODY_MAX_BYTES} bytes")
    try:
        ensure_json_depth(raw)  # an inflated body was not measured on the way in
        return json.loads(raw)
    except JsonTooDeep as exc:
        raise InvalidInput("json_too_deep", str(exc)) from None
    except ValueError as exc:
        raise InvalidInput("tap_batch_invalid", f"body is not JSON: {exc}") from None
    except RecursionError:  # a tap batch is four levels deep; the parser's depth bound stops junk
        raise InvalidInput("tap_batch_invalid", "body is nested too deeply") from None


@router.post(
    "/enroll",
    response_model=Enrolled,
    responses=problem_responses(401, 422),
    summary="Enroll a reader: spend its one-time token and register its own Ed25519 key",
)
@router.post(
    "/enrol",
    response_model=Enrolled,
    responses=problem_responses(401, 422),
    deprecated=True,
    summary="Old spelling of POST /v1/devices/enroll, kept until release 0.2",
)
async def enroll(body: Enrolment, runtime: RuntimeDep) -> Enrolled:
    async with runtime.unit_of_work() as uow:
        device = await enrol_device(
            uow.session, runtime.clock, enrolment_token=body.enrolment_token,
            public_key=body.public_key,
        )
        out = Enrolled(
            device_id=device.device_id, operator_id=device.operator_id, stop_id=device.stop_id,
            vehicle_id=device.vehicle_id, server_time=rfc3339(runtime.clock.now(), current_zone()),
        )
    return out


@router.post(
    "/{device_id}/taps",
    response_model=TapsAck,
    responses=problem_responses(401, 403, 409, 413, 422, 503),
    summary="Upload a batch of taps (≤ 1,000, gzip allowed): atomic, idempotent by tap id",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["taps"],
        "properties": {"taps": {"type": "array", "maxItems": 1000, "items": {"type": "object"}}}}}}}},
)
async def upload_taps(
    device_id: str, request: Request, runtime: RuntimeDep, background: BackgroundTasks
) -> TapsAck:
    raw = await request.body()
    if len(raw) > BODY_MAX_BYTES:
        raise InvalidInput("tap_batch_too_large", f"body exceeds {BODY_MAX_BYTES} bytes")
    sources, effects = _ports(runtime)
    async with runtime.unit_of_work() as uow:
        device = await authenticate_device(
            uow.session, runtime.kv, runtime.clock, device_id=device_id,
            authorization=request.headers.get("authorization"), method="POST",
            path=request.url.path,
        )
        taps = parse_batch(_decode_body(raw, request.headers.get("content-encoding")))
        result = await ingest_batch(uow.session, runtime.clock, device, taps)
        inline = runtime.inline_tap_processing
        if result.stored and not inline:  # a hint for `vexe worker`, only once committed
            publish_after_commit(uow, runtime.tap_stream,
                                 batch_ref(device.device_id, result.acked_through))
    if inline and result.stored:
        # After the answer is sent: the device's acknowledgement never waits for processing.
        background.add_task(process_inline, runtime, sources, effects)
    return TapsAck(**result.as_json())


async def process_inline(runtime: Runtime, sources: SnapshotSources, effects: TapEffects) -> None:
    """Process what is pending in this API process (``VEXE_TAP_PROCESSING=inline``)."""
    for _ in range(INLINE_ROUNDS_MAX):
        try:
            async with runtime.unit_of_work() as uow:
                result = await process_pending_taps(uow.session, runtime.clock, sources, effects)
        except Exception:  # taps are stored; the next upload or a worker processes them
            log.exception("inline tap processing failed")
            return
        if result.processed == 0:
            return


@router.get(
    "/{device_id}/snapshot",
    response_model=SnapshotDelta,
    responses=problem_responses(401, 403, 422, 503),
    summary="Keys, deny-list changes since a version, fare tables and device policy, with server time",
)
async def snapshot(
    device_id: str,
    request: Request,
    runtime: RuntimeDep,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    fares_version: Annotated[str | None, Query(max_length=100)] = None,
) -> SnapshotDelta:
    sources, _effects = _ports(runtime)
    async with runtime.unit_of_work() as uow:
        device = await authenticate_device(
            uow.session, runtime.kv, runtime.clock, device_id=device_id,
            authorization=request.headers.get("authorization"), method="GET",
            path=request.url.path,
        )
        doc = await snapshot_delta(
            uow.session, runtime.clock, sources, device, since=since, fares_version=fares_version
        )
    return SnapshotDelta(**doc)
