"""Shared CLI plumbing: settings, an async runtime, JSON output and one-line errors.

Imported by every command, so it imports nothing heavy at module level: settings, the runtime
and the libraries whose errors :func:`run_guarded` names are loaded only when used.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import click

from ticketing.core.errors import DomainError
from ticketing.core.timefmt import DEFAULT_NETWORK_ZONE, rfc3339

if TYPE_CHECKING:
    from ticketing.runtime import Runtime
    from vexe.settings import Settings

T = TypeVar("T")


class CliError(click.ClickException):
    """A one-line error for the operator; exit code 1."""

    def show(self, file: Any = None) -> None:
        _error_line(self.message)


def _error_line(message: str) -> None:
    """Exactly one line on stderr, however many lines the underlying message had."""
    click.echo("error: " + " ".join(str(message).split()), err=True)


def settings_from_env() -> Settings:
    from pydantic import ValidationError

    from vexe.settings import load_settings

    try:
        settings = load_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise CliError(f"setting VEXE_{field.upper()}: {first['msg']}") from None
    return settings


# The network's zone (the active feed's agency_timezone), found when a command opens the runtime;
# every time a command prints is RFC 3339 in it.
_zone: list[ZoneInfo] = [DEFAULT_NETWORK_ZONE]


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    from sqlalchemy.exc import SQLAlchemyError

    from ticketing.service.network_zone import network_zone
    from vexe.container import build_runtime

    runtime = build_runtime(settings)
    try:
        try:
            async with runtime.unit_of_work() as uow:
                _zone[0] = await network_zone(uow.session, runtime.clock.now())
        except SQLAlchemyError:
            pass  # not migrated yet (e.g. `vexe db upgrade`): the command reports it itself
        yield runtime
    finally:
        await runtime.aclose()


def cli_zone() -> ZoneInfo:
    return _zone[0]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return rfc3339(value, _zone[0])
    return str(value)


def run_async(fn: Callable[[], Awaitable[T]]) -> T:
    import asyncio

    return asyncio.run(_call(fn))


async def _call(fn: Callable[[], Awaitable[T]]) -> T:
    return await fn()


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON with every time in RFC 3339 in the network's zone."""
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_json_value)


def print_json(value: Any) -> None:
    click.echo(json_text(value))


def run_guarded(command: click.Command, argv: list[str] | None, prog_name: str = "vexe") -> int:
    """Run a click command; every expected failure becomes one line on stderr and exit 1."""
    try:
        # With standalone_mode=False click returns the code of a raised Exit(n) instead of raising.
        returned = command.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.ClickException as exc:
        if isinstance(exc, click.UsageError):
            _error_line(exc.format_message())
            return 2
        exc.show()
        return exc.exit_code
    except DomainError as exc:
        _error_line(f"{exc.code}: {exc.detail}")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = _library_failure(exc)
        if message is None:
            if not isinstance(exc, (OSError, ValueError)):
                raise
            message = f"{type(exc).__name__}: {exc}"
        _error_line(message)
        return 1
    return returned if isinstance(returned, int) else 0


def _loaded(module: str, name: str) -> type[BaseException] | None:
    """An exception class of a library, only if that library was imported (if it was not, the
    exception cannot be one of its errors, and importing it just to check would be slow)."""
    loaded = sys.modules.get(module)
    found = getattr(loaded, name, None) if loaded is not None else None
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def _library_failure(exc: Exception) -> str | None:
    """One line for the failures the operator can act on: an unsafe configuration, the database,
    Redis, migrations. Checked before OSError/ValueError, which some of them subclass."""
    unsafe = _loaded("vexe.settings", "UnsafeConfiguration")
    if unsafe is not None and isinstance(exc, unsafe):
        return f"refusing to start: {exc}"
    database = _loaded("sqlalchemy.exc", "SQLAlchemyError")
    if database is not None and isinstance(exc, database):
        # The driver's own message, without SQLAlchemy's SQL echo and background link.
        cause = getattr(exc, "orig", None) or exc
        return f"database: {(str(cause) or type(cause).__name__).splitlines()[0]}"
    redis_error = _loaded("redis.exceptions", "RedisError")
    if redis_error is not None and isinstance(exc, redis_error):
        return f"redis: {type(exc).__name__}: {exc}"
    migrations = _loaded("alembic.util.exc", "CommandError")
    if migrations is not None and isinstance(exc, migrations):
        return f"migrations: {exc}"
    return None


def fail(message: str) -> None:
    raise CliError(message)


def eprint(message: str) -> None:
    print(message, file=sys.stderr)
