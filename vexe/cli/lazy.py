"""A click group whose commands are imported only when they run.

``vexe --help`` lists every command from a static table (name, where it lives, one-line help)
without importing any of them; ``vexe <command> ...`` imports that command's module alone. So
the CLI starts in about the time Python itself takes, instead of loading the web app, the ORM
models of every area and the payment SDK for each invocation. tests/unit/test_cli_startup.py
checks that the table's help lines match the commands' own and that ``import vexe.cli`` stays
light.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click


@dataclass(frozen=True, slots=True)
class LazyCommand:
    module: str  # e.g. "vexe.cli.keys"
    attribute: str  # the click command or group in that module
    short_help: str  # the command's own one-line help (``vexe --help`` shortens it to fit)

    def listing(self, limit: int) -> str:
        """The help line shortened to ``limit`` the way click shortens a loaded command's."""
        return click.Command(self.attribute, help=self.short_help).get_short_help_str(limit)


class LazyGroup(click.Group):
    def __init__(self, *args: object, lazy: dict[str, LazyCommand], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = self.lazy.get(cmd_name)
        if entry is None:
            return None
        command = getattr(importlib.import_module(entry.module), entry.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{entry.module}.{entry.attribute} is not a click command")
        self.commands[cmd_name] = command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the static table: listing imports nothing."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)  # as click.Group does
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is None:
                rows.append((name, self.lazy[name].listing(limit)))
            elif not loaded.hidden:
                rows.append((name, loaded.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
