"""``vexe staff``: operator API accounts."""

from __future__ import annotations

import click

from ticketing.service.staff import ROLES, create_staff, ensure_operator_known
from vexe.cli.common import open_runtime, print_json, run_async, settings_from_env


@click.group()
def staff() -> None:
    """Staff accounts for the operator API (/v1/ops)."""


@staff.command("create")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--operator", "operator_id", default=None, help="GTFS agency_id (role operator).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="VEXE_STAFF_PASSWORD", help="Asked for when not given (or VEXE_STAFF_PASSWORD).")
@click.option("--json", "as_json", is_flag=True, help="Print the account as JSON.")
def create(username: str, role: str, operator_id: str | None, password: str, as_json: bool) -> None:
    """Create a staff account: admin, operator (scoped to one agency), auditor (read-only) or
    reviewer (city level: decides concessions and chip-ID registrations)."""
    settings = settings_from_env()

    async def go() -> dict[str, str | None]:
        async with open_runtime(settings) as runtime, runtime.unit_of_work() as uow:
            if role == "operator" and operator_id:
                await ensure_operator_known(uow.session, runtime.clock, operator_id)
            created = await create_staff(
                uow.session, runtime.clock, username=username, password=password,
                role=role, operator_id=operator_id,
            )
        return {"staff_id": created.staff_id, "username": created.username,
                "role": created.role, "operator_id": created.operator_id}

    result = run_async(go)
    if as_json:
        print_json(result)
    else:
        click.echo(f"created {result['role']} {result['username']} ({result['staff_id']})")
