"""The rider's phone keys (P-256): tickets bound to one need a fresh proof signed by the phone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from mobile_api.deps import RiderDep
from mobile_api.schemas.tickets import DeviceKeyIn, DeviceKeyOut
from ticketing.core.errors import NotFound, Rejected
from ticketing.core.ids import new_ulid
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.tickets import DeviceKey, register_device_key, revoke_device_key
from ticketing.service.tickets.device_keys import device_key_for_ticket

router = APIRouter(prefix="/v1/device-keys", tags=["rider: tickets"])


def key_out(key: DeviceKey) -> DeviceKeyOut:
    return DeviceKeyOut(
        device_key_id=key.device_key_id,
        thumbprint=key.thumbprint,
        created_at=key.created_at,
        revoked_at=key.revoked_at,
    )


@router.post(
    "",
    response_model=DeviceKeyOut,
    status_code=201,
    responses=problem_responses(401, 409, 422),
    summary="Register this phone's public key (device-bound tickets)",
)
async def register(body: DeviceKeyIn, rider: RiderDep, runtime: RuntimeDep) -> DeviceKeyOut:
    async with runtime.unit_of_work() as uow:
        key = await register_device_key(
            uow.session,
            runtime.clock,
            device_key_id=new_ulid(runtime.clock.now()),
            holder_id=rider.rider_id,
            public_jwk=dict(body.public_jwk),
        )
    return key_out(key)


@router.delete(
    "/{device_key_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 404, 422),
    summary="Revoke a phone key (lost phone)",
)
async def revoke(
    rider: RiderDep, runtime: RuntimeDep, device_key_id: Annotated[str, Path(max_length=40)]
) -> Response:
    async with runtime.unit_of_work() as uow:
        try:
            key = await device_key_for_ticket(uow.session, device_key_id, rider.rider_id)
        except Rejected as exc:
            if exc.code == "device_key_revoked":
                return Response(status_code=204)  # already revoked: deleting again is a no-op
            raise NotFound("device_key_unknown", f"no device key {device_key_id!r}") from None
        await revoke_device_key(uow.session, runtime.clock, device_key_id=key.device_key_id)
    return Response(status_code=204)
