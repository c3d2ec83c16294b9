"""Rider API dependencies: the rider principal, the client address and rate limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ticketing.core.errors import RateLimited, Unauthenticated
from ticketing.http.deps import RuntimeDep, client_address
from ticketing.http.i18n import negotiate_language
from ticketing.runtime import Runtime

# client_address lives with the HTTP kit (it follows VEXE_TRUSTED_PROXIES); re-exported here.
__all__ = ["RiderDep", "client_address", "current_rider", "enforce_rate"]

_bearer = HTTPBearer(auto_error=False, description="Rider access token from /v1/auth/login")


@dataclass(frozen=True, slots=True)
class RiderPrincipal:
    rider_id: str


async def current_rider(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> RiderPrincipal:
    """A valid, unexpired rider access token (audience ``rider``); staff tokens are refused."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("unauthenticated", "a rider bearer token is required")
    claims = runtime.access_tokens.verify(credentials.credentials, "rider")
    return RiderPrincipal(rider_id=claims.subject)


RiderDep = Annotated[RiderPrincipal, Depends(current_rider)]


async def enforce_rate(runtime: Runtime, key: str, limit: int, window_s: int) -> None:
    decision = await runtime.kv.hit(f"rl:rider:{key}", limit, window_s)
    if not decision.allowed:
        raise RateLimited("rate_limited", "too many requests", retry_after_s=decision.retry_after_s)


async def optional_rider(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> RiderPrincipal | None:
    """The rider when a token is sent (a bad token is still refused); None for anonymous calls."""
    if credentials is None:
        return None
    return await current_rider(runtime, credentials)


OptionalRiderDep = Annotated[RiderPrincipal | None, Depends(optional_rider)]


def language(request: Request) -> str:
    return negotiate_language(request.headers.get("accept-language"))
