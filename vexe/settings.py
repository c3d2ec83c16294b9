"""Every setting vexe reads, from ``VEXE_*`` environment variables. The only place that reads them.

See docs/configuration.md for the list with defaults and examples.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class UnsafeConfiguration(Exception):
    """Production refuses to start; the message is one line naming the reason."""


def _given(secret: SecretStr | None) -> bool:
    """An empty variable (``VEXE_X=``) is as missing as an unset one."""
    return secret is not None and secret.get_secret_value().strip() != ""


# Driver-less URLs as operators and hosting platforms write them -> the async drivers vexe uses.
_URL_DRIVERS = (
    ("postgresql://", "postgresql+asyncpg://"),
    ("postgres://", "postgresql+asyncpg://"),
    ("sqlite:///", "sqlite+aiosqlite:///"),
)


class Settings(BaseSettings):
    # env_ignore_empty: `VEXE_X=` (as compose files and .env templates write) means "not set".
    model_config = SettingsConfigDict(
        env_prefix="VEXE_", extra="ignore", frozen=True, env_ignore_empty=True
    )

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("./var")
    database_url: str | None = None
    redis_url: str | None = None
    payments_provider: Literal["sandbox", "stripe"] = "sandbox"
    stripe_api_key: SecretStr | None = None
    stripe_api_base: str | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_api_version: str = "2024-06-20"
    key_encryption_key: SecretStr | None = None
    # PEM of the Ed25519 key that signs staff and rider access tokens (never the ticket keys).
    auth_signing_key: SecretStr | None = None
    access_token_ttl_s: int = Field(default=900, gt=0)
    refresh_token_ttl_s: int = Field(default=30 * 24 * 3600, gt=0)
    public_base_url: str = "http://127.0.0.1:8000"
    log_level: str = "INFO"
    # Where uploaded taps are processed: inline after each upload, or by `vexe worker` processes.
    tap_processing: Literal["inline", "worker"] = "inline"
    # Wallet balance (minor units) a rider needs before a pay-as-you-go account ticket is issued;
    # unset: the highest single fare of the fare feed in force for the rider's category.
    payg_min_balance_minor: int | None = Field(default=None, ge=0)
    # Request bodies: the bound for every route, and the two uploads that need more.
    body_max_bytes: int = Field(default=64 * 1024, ge=1024)
    tap_upload_max_bytes: int = Field(default=8 * 1024 * 1024, ge=64 * 1024)
    fare_feed_upload_max_bytes: int = Field(default=50 * 1024 * 1024, ge=64 * 1024)
    # A fare-feed zip as unpacked: total bytes of its entries and how many entries it may hold.
    fare_feed_unpacked_max_bytes: int = Field(default=200 * 1024 * 1024, ge=1024 * 1024)
    fare_feed_entries_max: int = Field(default=100, ge=1, le=10_000)
    # Peers (addresses or CIDRs, comma-separated, "*" for any) whose X-Forwarded-For is believed;
    # empty: none (the TCP peer is the client).
    trusted_proxies: str = ""
    # Stripe publishable key (pk_...) the rider app's payment step uses; public, not a secret.
    stripe_publishable_key: str | None = None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        for item in items:
            if item == "*":
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or CIDR network") from None
        return ",".join(items)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            for plain, with_driver in _URL_DRIVERS:
                if self.database_url.startswith(plain):
                    return with_driver + self.database_url[len(plain):]
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'vexe.db').as_posix()}"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def production_problems(self) -> list[str]:
        """Why this configuration is unsafe for production (empty when it is fine)."""
        if not self.is_production:
            return []
        problems: list[str] = []
        if self.resolved_database_url.startswith("sqlite"):
            problems.append("VEXE_DATABASE_URL must point at PostgreSQL in production, not SQLite")
        if self.payments_provider == "sandbox":
            problems.append("VEXE_PAYMENTS_PROVIDER=sandbox is refused in production; use stripe")
        if self.payments_provider == "stripe" and not _given(self.stripe_api_key):
            problems.append("VEXE_STRIPE_API_KEY is required in production")
        if not _given(self.stripe_webhook_secret):
            problems.append("VEXE_STRIPE_WEBHOOK_SECRET is required in production")
        if not (self.redis_url or "").strip():
            problems.append("VEXE_REDIS_URL is required in production")
        if not _given(self.key_encryption_key):
            problems.append(
                "VEXE_KEY_ENCRYPTION_KEY is required in production (keys are never generated "
                "or stored unencrypted)"
            )
        if not _given(self.auth_signing_key):
            problems.append(
                "VEXE_AUTH_SIGNING_KEY is required in production (no generated token keys)"
            )
        return problems

    def ensure_safe(self) -> None:
        problems = self.production_problems()
        if problems:
            raise UnsafeConfiguration(problems[0])


def load_settings() -> Settings:
    return Settings()
