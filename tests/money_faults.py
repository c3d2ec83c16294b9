"""Faults of the outside world around money movements, for the exactly-once tests.

``OutsideFaults`` wraps a real payment provider (a fake of the outside world): a method can be
made to fail as an outage does (``down``), or to succeed at the provider and then have the
commit that would record its answer lost (``lose_commit_after``). ``LostCommitUnitOfWork`` is the
unit of work whose next commit, once armed, is rolled back and raises as a dropped connection
at COMMIT would. Our storage is the real database throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.port import ProviderError
from ticketing.db.uow import UnitOfWork
from ticketing.runtime import Runtime


class CommitLost(ConnectionError):
    """The connection dropped at COMMIT: the transaction did not happen."""


@dataclass
class FaultPlan:
    lose_next_commit: bool = False
    lost_commits: int = 0


class LostCommitUnitOfWork(UnitOfWork):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], plan: FaultPlan) -> None:
        super().__init__(sessions)
        self._plan = plan

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None and self._plan.lose_next_commit:
            self._plan.lose_next_commit = False
            self._plan.lost_commits += 1
            lost = CommitLost("connection dropped at COMMIT")
            await super().__aexit__(CommitLost, lost, None)  # rolled back, effects dropped
            raise lost
        await super().__aexit__(exc_type, exc, tb)


@dataclass
class OutsideFaults:
    """A provider wrapper: every call goes to ``real`` unless a fault is set for its method."""

    real: Any
    plan: FaultPlan
    down: set[str] = field(default_factory=set)
    lose_commit_after: set[str] = field(default_factory=set)
    calls: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.real.name)

    def __getattr__(self, method: str) -> Any:
        target = getattr(self.real, method)
        if not callable(target):
            return target

        async def call(*args: Any, **kwargs: Any) -> Any:
            self.calls[method] = self.calls.get(method, 0) + 1
            if method in self.down:
                raise ProviderError("provider_unavailable", f"{method}: the provider is unreachable")
            result = await target(*args, **kwargs)
            if method in self.lose_commit_after:
                self.lose_commit_after.discard(method)
                self.plan.lose_next_commit = True
            return result

        return call


def install_faults(runtime: Runtime, provider: Any) -> OutsideFaults:
    """Wire ``provider`` wrapped in faults, and a unit of work that can lose a commit."""
    plan = FaultPlan()
    faults = OutsideFaults(provider, plan)
    runtime.payments = faults  # type: ignore[assignment]
    runtime.unit_of_work = lambda: LostCommitUnitOfWork(runtime.sessions, plan)  # type: ignore[method-assign]
    return faults
