"""Public issuer keys for validators and anyone verifying a ticket (no authentication)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ticketing.http.deps import RuntimeDep
from ticketing.service.tickets import jwks

router = APIRouter(prefix="/v1/keys", tags=["keys"])


@router.get(
    "/jwks.json",
    summary="Ticket issuer public keys (JWKS)",
    description=(
        "Ed25519 keys (`kty` OKP) by `kid`, each with `nbf`/`exp` (Unix seconds): the window in "
        "which tickets signed with it verify. Retired and expired keys are left out."
    ),
)
async def get_jwks(runtime: RuntimeDep, response: Response) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        document = await jwks(uow.session, runtime.clock.now())
    response.headers["Cache-Control"] = "public, max-age=300"
    return document
