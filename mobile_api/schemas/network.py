"""The network the fares apply to: routes and stops, for journey pickers (quotes)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RouteOut(BaseModel):
    route_id: str
    agency_id: str = Field(description="The operator (GTFS agency_id)")
    network_id: str | None
    short_name: str
    long_name: str


class StopOut(BaseModel):
    stop_id: str
    name: str
    station: bool = Field(description="A station (GTFS location_type 1) rather than a street stop")


class RiderCategoryOut(BaseModel):
    rider_category_id: str
    name: str
    is_default: bool = Field(description="The feed's default category (no concession needed)")


class FareMediaOut(BaseModel):
    fare_media_id: str
    name: str
    fare_media_type: int = Field(description="GTFS fare_media_type: 4 is a mobile app")


class NetworkOut(BaseModel):
    feed_version: str | None
    rider_categories: list[RiderCategoryOut]
    fare_media: list[FareMediaOut]
    routes: list[RouteOut]
    stops: list[StopOut] = Field(description="Stations and stand-alone stops (platforms are left out)")
