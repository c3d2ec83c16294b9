"""Every rider router, in the order they appear in the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter

from mobile_api.routers import (
    auth,
    caps,
    catalog,
    concessions,
    device_keys,
    network,
    orders,
    quotes,
    refunds,
    tickets,
    trips,
    wallet,
)


def rider_routers() -> list[APIRouter]:
    return [
        auth.router,
        auth.me_router,
        catalog.router,
        network.router,
        quotes.router,
        orders.router,
        tickets.router,
        device_keys.router,
        wallet.router,
        caps.router,
        trips.router,
        refunds.router,
        concessions.router,
    ]
