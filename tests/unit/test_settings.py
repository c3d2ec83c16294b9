"""The settings model and the production guard (docs/decisions.md §2: production refuses unsafe defaults)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from vexe.settings import Settings, UnsafeConfiguration

AUTH_PEM = Ed25519PrivateKey.generate().private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()

SAFE_PRODUCTION: dict[str, str] = {
    "VEXE_ENV": "production",
    "VEXE_DATABASE_URL": "postgresql+asyncpg://vexe@db:5432/vexe",
    "VEXE_REDIS_URL": "redis://redis:6379/0",
    "VEXE_PAYMENTS_PROVIDER": "stripe",
    "VEXE_STRIPE_API_KEY": "sk_live_example",
    "VEXE_STRIPE_WEBHOOK_SECRET": "whsec_example",
    "VEXE_KEY_ENCRYPTION_KEY": "a-long-random-key-encryption-key",
    "VEXE_AUTH_SIGNING_KEY": AUTH_PEM,
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read the process environment: start every test from none of ours."""
    for name in list(os.environ):
        if name.startswith("VEXE_") and not name.startswith("VEXE_TEST_"):
            monkeypatch.delenv(name)


def _apply(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_defaults_are_the_embedded_development_mode() -> None:
    settings = Settings()
    assert settings.env == "development"
    assert not settings.is_production
    assert settings.data_dir == Path("./var")
    assert settings.resolved_database_url == "sqlite+aiosqlite:///var/vexe.db"
    assert settings.keys_dir == Path("./var/keys")
    assert settings.redis_url is None
    assert settings.payments_provider == "sandbox"
    assert settings.production_problems() == []
    settings.ensure_safe()


def test_environment_variables_are_read_with_the_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _apply(monkeypatch, {"VEXE_DATA_DIR": str(tmp_path), "VEXE_ACCESS_TOKEN_TTL_S": "60",
                         "VEXE_LOG_LEVEL": "debug", "DATA_DIR": "/nope"})
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.resolved_database_url == f"sqlite+aiosqlite:///{tmp_path.as_posix()}/vexe.db"
    assert settings.access_token_ttl_s == 60
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("postgresql://vexe:pw@db:5432/vexe", "postgresql+asyncpg://vexe:pw@db:5432/vexe"),
        ("postgres://vexe@db/vexe", "postgresql+asyncpg://vexe@db/vexe"),
        ("postgresql+asyncpg://vexe@db/vexe", "postgresql+asyncpg://vexe@db/vexe"),
        ("sqlite:////srv/vexe.db", "sqlite+aiosqlite:////srv/vexe.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_database_urls_get_the_async_driver(given: str, resolved: str) -> None:
    assert Settings(database_url=given).resolved_database_url == resolved


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("env", "prod"),
        ("payments_provider", "paypal"),
        ("access_token_ttl_s", 0),
        ("refresh_token_ttl_s", -1),
        ("log_level", "LOUD"),
    ],
)
def test_bad_values_are_refused(field: str, value: Any) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(**{field: value})


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.env = "production"  # type: ignore[misc]


def test_a_complete_production_configuration_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    _apply(monkeypatch, SAFE_PRODUCTION)
    settings = Settings()
    assert settings.is_production
    assert settings.production_problems() == []
    settings.ensure_safe()


# (variable to change, value or None to unset, what the one-line reason must name)
UNSAFE: list[tuple[str, str | None, str]] = [
    ("VEXE_DATABASE_URL", None, "VEXE_DATABASE_URL must point at PostgreSQL"),
    ("VEXE_DATABASE_URL", "sqlite+aiosqlite:////srv/vexe.db", "not SQLite"),
    ("VEXE_DATABASE_URL", "", "VEXE_DATABASE_URL"),
    ("VEXE_PAYMENTS_PROVIDER", "sandbox", "VEXE_PAYMENTS_PROVIDER=sandbox is refused"),
    ("VEXE_PAYMENTS_PROVIDER", None, "sandbox"),  # the default is the sandbox
    ("VEXE_STRIPE_API_KEY", None, "VEXE_STRIPE_API_KEY is required"),
    ("VEXE_STRIPE_WEBHOOK_SECRET", None, "VEXE_STRIPE_WEBHOOK_SECRET is required"),
    ("VEXE_STRIPE_WEBHOOK_SECRET", "", "VEXE_STRIPE_WEBHOOK_SECRET is required"),
    ("VEXE_STRIPE_WEBHOOK_SECRET", "   ", "VEXE_STRIPE_WEBHOOK_SECRET is required"),
    ("VEXE_REDIS_URL", None, "VEXE_REDIS_URL is required"),
    ("VEXE_REDIS_URL", "", "VEXE_REDIS_URL is required"),
    ("VEXE_KEY_ENCRYPTION_KEY", None, "VEXE_KEY_ENCRYPTION_KEY is required"),
    ("VEXE_KEY_ENCRYPTION_KEY", "", "never generated"),
    ("VEXE_AUTH_SIGNING_KEY", None, "VEXE_AUTH_SIGNING_KEY is required"),
    ("VEXE_AUTH_SIGNING_KEY", "", "no generated token keys"),
]


@pytest.mark.parametrize(("variable", "value", "reason"), UNSAFE)
def test_production_refuses_each_unsafe_default_with_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str | None, reason: str
) -> None:
    _apply(monkeypatch, SAFE_PRODUCTION)
    if value is None:
        monkeypatch.delenv(variable)
    else:
        monkeypatch.setenv(variable, value)
    settings = Settings()
    problems = settings.production_problems()
    assert len(problems) == 1, problems
    with pytest.raises(UnsafeConfiguration) as caught:
        settings.ensure_safe()
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message


def test_production_with_nothing_configured_names_the_first_reason() -> None:
    settings = Settings(env="production")
    problems = settings.production_problems()
    assert len(problems) == 6  # database, sandbox, webhook secret, redis, key encryption, auth key
    with pytest.raises(UnsafeConfiguration, match="SQLite"):
        settings.ensure_safe()


def test_development_tolerates_every_default() -> None:
    settings = Settings(env="development", payments_provider="sandbox")
    assert settings.production_problems() == []


def test_the_app_and_runtime_refuse_unsafe_production(tmp_path: Path) -> None:
    from vexe.app import create_app
    from vexe.container import build_runtime

    settings = Settings(env="production", data_dir=tmp_path / "data")
    with pytest.raises(UnsafeConfiguration):
        build_runtime(settings)
    with pytest.raises(UnsafeConfiguration):
        create_app(settings)
    assert not (tmp_path / "data").exists()  # refused before creating anything, keys included


def test_empty_variables_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """compose.yaml passes `VEXE_X=` for settings an operator left out; that is 'not set'."""
    for name in ("VEXE_AUTH_SIGNING_KEY", "VEXE_STRIPE_API_BASE", "VEXE_REDIS_URL", "VEXE_DATABASE_URL",
                 "VEXE_KEY_ENCRYPTION_KEY", "VEXE_LOG_LEVEL"):
        monkeypatch.setenv(name, "")
    settings = Settings()
    assert settings.auth_signing_key is None
    assert settings.stripe_api_base is None
    assert settings.redis_url is None
    assert settings.key_encryption_key is None
    assert settings.log_level == "INFO"
    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")


def test_every_setting_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    rows = {line.split("|")[1].strip().strip("`") for line in doc.splitlines() if line.startswith("| `VEXE_")}
    assert {f"VEXE_{name.upper()}" for name in Settings.model_fields} <= rows
