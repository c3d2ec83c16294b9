"""The unit of work: commit at the boundary, roll back on error, side effects only after commit."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from ticketing.core.ids import new_ulid
from ticketing.db.models.staff import StaffAccount
from ticketing.runtime import Runtime


def _account(runtime: Runtime, username: str) -> StaffAccount:
    now = runtime.clock.now()
    return StaffAccount(id=new_ulid(now), username=username, password_hash="x", role="auditor",
                        operator_id=None, created_at=now, disabled_at=None)


async def _count(runtime: Runtime, username: str) -> int:
    async with runtime.unit_of_work() as uow:
        found = await uow.session.scalar(
            select(func.count()).select_from(StaffAccount).where(StaffAccount.username == username)
        )
    return int(found or 0)


async def test_commit_then_effects_in_order(runtime: Runtime) -> None:
    seen: list[str] = []

    async def effect(name: str) -> None:
        seen.append(f"{name}:{await _count(runtime, 'uow-commit')}")

    async with runtime.unit_of_work() as uow:
        uow.session.add(_account(runtime, "uow-commit"))
        uow.after_commit(lambda: effect("first"))
        uow.after_commit(lambda: effect("second"))
        await uow.session.flush()
        assert seen == []  # nothing runs before the commit
    assert seen == ["first:1", "second:1"]  # and each effect sees the committed row


async def test_error_rolls_back_and_drops_effects(runtime: Runtime) -> None:
    seen: list[str] = []

    async def effect() -> None:
        seen.append("ran")

    async def use_case() -> None:
        async with runtime.unit_of_work() as uow:
            uow.session.add(_account(runtime, "uow-rollback"))
            uow.after_commit(effect)
            await uow.session.flush()
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError, match="refused"):
        await use_case()
    assert seen == []
    assert await _count(runtime, "uow-rollback") == 0


async def test_a_failing_effect_neither_undoes_the_commit_nor_stops_the_others(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []

    async def broken() -> None:
        raise ConnectionError("notifier down")

    async def fine() -> None:
        seen.append("fine")

    with caplog.at_level(logging.ERROR, logger="vexe.uow"):
        async with runtime.unit_of_work() as uow:
            uow.session.add(_account(runtime, "uow-effects"))
            uow.after_commit(broken)
            uow.after_commit(fine)
    assert seen == ["fine"]
    assert await _count(runtime, "uow-effects") == 1
    assert [r.getMessage() for r in caplog.records] == ["after-commit side effect failed"]


async def test_a_unit_of_work_is_used_once_at_a_time(runtime: Runtime) -> None:
    uow = runtime.unit_of_work()
    with pytest.raises(RuntimeError, match="not entered"):
        _ = uow.session
    async with uow:
        with pytest.raises(RuntimeError, match="already entered"):
            await uow.__aenter__()
    with pytest.raises(RuntimeError, match="not entered"):
        _ = uow.session
