"""Schemathesis over the rider API's OpenAPI document: no 5xx, no response that breaks the schema.

Bounded and deterministic: a few dozen derandomized examples per operation. The app runs with its
own runtime on a fresh SQLite file (the ASGI transport runs it in its own event loop); a fare feed
is put in force and a rider exists, so authenticated operations get past the login check.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks
from sqlalchemy.pool import NullPool

from tests.support.env import REPO_ROOT
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.service.fare_catalog import activate_version, import_feed
from ticketing.service.riders.accounts import register_rider
from ticketing.service.staff import create_staff
from vexe import migrate
from vexe.app import create_app
from vexe.container import build_runtime
from vexe.settings import Settings

EXAMPLES_PER_OPERATION = 25
CALLS: list[tuple[str, int]] = []
RIDER_TAG_PREFIX = "rider:"
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


async def _seed(settings: Settings) -> tuple[str, str]:
    runtime = build_runtime(settings)
    try:
        async with runtime.unit_of_work() as uow:
            info = await import_feed(
                uow.session, runtime.clock, source=REPO_ROOT / "data/gtfs/hanoi", imported_by="schemathesis"
            )
            await activate_version(
                uow.session,
                runtime.clock,
                version_id=info.version_id,
                effective_from=runtime.clock.now() - timedelta(days=1),
                activated_by="schemathesis",
            )
            rider = await register_rider(
                uow.session, runtime.clock, email="fuzz@example.vn", phone=None, password="fuzz-password-1"
            )
            admin = await create_staff(
                uow.session, runtime.clock, username="fuzz-admin", password="fuzz-password-1", role="admin"
            )
        return (
            runtime.access_tokens.issue(rider.rider_id, "rider"),
            runtime.access_tokens.issue(admin.staff_id, "staff", role="admin", op=None, usr="fuzz-admin"),
        )
    finally:
        await runtime.aclose()


def _rider_operations(schema: Any) -> list[Any]:
    selected = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tags = operation.definition.raw.get("tags", [])
        if any(str(t).startswith(RIDER_TAG_PREFIX) for t in tags) or operation.path.startswith(
            "/v1/ops/concessions"
        ):
            selected.append(operation)
    return selected


def test_rider_api_conforms_to_its_openapi(tmp_path: Path) -> None:
    settings_ = Settings(data_dir=tmp_path, payments_provider="sandbox")
    migrate.upgrade(settings_.resolved_database_url)
    rider_token, staff_token = asyncio.run(_seed(settings_))
    # The ASGI transport runs the app in its own event loop: no pooled connection may outlive a
    # request, so the runtime can be closed cleanly from here afterwards.
    runtime = build_runtime(settings_)
    runtime.engine = make_engine(settings_.resolved_database_url, poolclass=NullPool)
    runtime.sessions = make_sessionmaker(runtime.engine)
    app = create_app(settings_, runtime=runtime)
    try:
        _run_schemathesis(app, rider_token, staff_token)
    finally:
        asyncio.run(runtime.aclose())


def _run_schemathesis(app: Any, rider_token: str, staff_token: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = _rider_operations(schema)
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:
        token = staff_token if operation.path.startswith("/v1/ops/") else rider_token
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "fuzz-key"}

        @given(case=operation.as_strategy(), headers=st.just(headers))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any, headers: dict[str, str]) -> None:
            response = case.call(headers=headers)
            CALLS.append((case.operation.path, response.status_code))
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
    # The run must reach the handlers, not only the auth and validation layers.
    assert sum(1 for _, status in CALLS if 200 <= status < 300) >= 50


pytestmark = pytest.mark.slow
