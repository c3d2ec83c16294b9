"""Every rider router, in the order they appear in the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter

from mobile_api.routers import auth, catalog, concessions, quotes


def rider_routers() -> list[APIRouter]:
    return [auth.router, auth.me_router, catalog.router, quotes.router, concessions.router]
