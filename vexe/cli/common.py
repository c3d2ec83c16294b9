"""Shared CLI plumbing: settings, an async runtime, JSON output and one-line errors."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from ticketing.core.errors import DomainError
from ticketing.runtime import Runtime
from vexe.container import build_runtime
from vexe.settings import Settings, UnsafeConfiguration, load_settings

T = TypeVar("T")


class CliError(click.ClickException):
    """A one-line error for the operator; exit code 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def settings_from_env() -> Settings:
    try:
        settings = load_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise CliError(f"setting VEXE_{field.upper()}: {first['msg']}") from None
    return settings


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    runtime = build_runtime(settings)
    try:
        yield runtime
    finally:
        await runtime.aclose()


def run_async(fn: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(_call(fn))


async def _call(fn: Callable[[], Awaitable[T]]) -> T:
    return await fn()


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def run_guarded(command: click.Command, argv: list[str] | None, prog_name: str = "vexe") -> int:
    """Run a click command; every expected failure becomes one line on stderr and exit 1."""
    try:
        command.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.ClickException as exc:
        if isinstance(exc, click.UsageError):
            click.echo(f"error: {exc.format_message()}", err=True)
            return 2
        exc.show()
        return exc.exit_code
    except UnsafeConfiguration as exc:
        click.echo(f"error: refusing to start: {exc}", err=True)
        return 1
    except DomainError as exc:
        click.echo(f"error: {exc.code}: {exc.detail}", err=True)
        return 1
    except (OSError, ValueError) as exc:
        click.echo(f"error: {type(exc).__name__}: {exc}".replace("\n", " "), err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def fail(message: str) -> None:
    raise CliError(message)


def eprint(message: str) -> None:
    print(message, file=sys.stderr)
