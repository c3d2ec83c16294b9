"""Auth bodies: strict requests, plain responses."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterIn(_Strict):
    email: str | None = Field(default=None, max_length=254, description="E-mail address (or give phone)")
    phone: str | None = Field(
        default=None, max_length=20, description="Vietnamese mobile number, e.g. 0912345678 or +84912345678"
    )
    password: str = Field(min_length=8, max_length=256)


class LoginIn(_Strict):
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    password: str = Field(min_length=1, max_length=256)


class RefreshIn(_Strict):
    refresh_token: str = Field(min_length=1, max_length=512)


class PasswordChangeIn(_Strict):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=8, max_length=256)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name
    expires_in: int = Field(description="Seconds until the access token expires")


class RiderOut(BaseModel):
    rider_id: str
    email: str | None
    phone: str | None


class RegisteredOut(TokenPair):
    rider: RiderOut
