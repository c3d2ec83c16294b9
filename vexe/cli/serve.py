"""``vexe serve``."""

from __future__ import annotations

import click

from vexe.cli.common import settings_from_env


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(host: str, port: int) -> None:
    """Run every API (rider, operator, device, webhooks) in one process.

    Run `vexe db upgrade` first. OpenAPI docs are served at /docs.
    """
    import uvicorn

    from vexe.app import create_app
    from vexe.logging_config import configure_logging

    settings = settings_from_env()
    settings.ensure_safe()  # refuse before touching logging, files or sockets
    configure_logging(settings.log_level)
    app = create_app(settings)
    click.echo(f"vexe serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)", err=True)
    # X-Forwarded-For is handled inside the app, from VEXE_TRUSTED_PROXIES only: uvicorn's own
    # handling (on by default, trusting 127.0.0.1 or FORWARDED_ALLOW_IPS) stays off.
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, proxy_headers=False)
