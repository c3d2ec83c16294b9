from __future__ import annotations

import click

from vexe.cli.common import run_guarded


def test_a_command_that_exits_with_a_code_keeps_it() -> None:
    @click.command()
    def failing() -> None:
        raise click.exceptions.Exit(3)

    assert run_guarded(failing, []) == 3


def test_a_command_that_finishes_exits_zero() -> None:
    @click.command()
    def fine() -> None:
        click.echo("ok")

    assert run_guarded(fine, []) == 0
