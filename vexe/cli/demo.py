"""``vexe demo``: the Hanoi demo network, an admin account and a demo rider."""

from __future__ import annotations

from typing import Any

import click

from vexe.cli.common import CliError, json_text, open_runtime, print_json, run_async, settings_from_env


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print credentials and URLs as JSON.")
@click.option("--history", is_flag=True,
              help="Also seed a week of past sales and rides (console charts, a day to settle).")
def demo(as_json: bool, history: bool) -> None:
    """Load the Hanoi demo network and create demo accounts (development only).

    Safe to run again: nothing is duplicated and the same credentials are printed.
    """
    from vexe import migrate
    from vexe.demo_seed import DEMO_STEPS, DemoContext, load_credentials

    settings = settings_from_env()
    if settings.is_production:
        raise CliError("vexe demo is for development; refusing with VEXE_ENV=production")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.resolved_database_url)
    credentials = load_credentials(settings.data_dir / "demo-credentials.json")

    async def go() -> dict[str, Any]:
        from vexe.demo_activity import seed_activity

        async with open_runtime(settings) as runtime:
            ctx = DemoContext(settings=settings, runtime=runtime, credentials=credentials)
            for step in [*DEMO_STEPS, seed_activity] if history else DEMO_STEPS:
                await step(ctx)
            return ctx.report

    report = run_async(go)
    base = settings.public_base_url.rstrip("/")
    result: dict[str, Any] = {
        "admin": credentials["admin"],
        "rider": credentials["rider"],
        "urls": {
            "api": base,
            "docs": f"{base}/docs",
            "openapi": f"{base}/openapi.json",
            "app": f"{base}/app/",
        },
        **report,
    }
    if as_json:
        print_json(result)
        return
    click.echo("vexe demo ready / dữ liệu mẫu đã sẵn sàng")
    click.echo(f"  API docs:  {result['urls']['docs']}")
    click.echo(f"  rider app: {result['urls']['app']}")
    click.echo(f"  admin:     {credentials['admin']['username']} / {credentials['admin']['password']}")
    click.echo(f"  rider:     {credentials['rider']['email']} / {credentials['rider']['password']}")
    for key, value in report.items():
        click.echo(f"  {key}: {json_text(value, indent=None)}")
