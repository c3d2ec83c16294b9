"""``vexe-validator``: the reader's command line."""

from __future__ import annotations

import sys

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Offline ticket validation for gates and bus readers."""


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="vexe-validator", standalone_mode=False)
    except click.UsageError as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
