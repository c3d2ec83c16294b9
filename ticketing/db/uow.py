"""One unit of work per use case: commits at its boundary, side effects only after commit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

AfterCommit = Callable[[], Awaitable[None]]
log = logging.getLogger("vexe.uow")


class UnitOfWork:
    """``async with UnitOfWork(sessions) as uow:`` — services use ``uow.session`` and never commit.

    Leaving the block without an exception commits and then runs the queued side effects in
    order; an exception rolls back and drops them. The use case has happened once the commit
    succeeds, so a failing side effect is logged and does not stop the ones after it nor turn
    the committed use case into an error (effects must be safe to run again by a retry).
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._after_commit: list[AfterCommit] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work not entered")
        return self._session

    def after_commit(self, effect: AfterCommit) -> None:
        self._after_commit.append(effect)

    async def __aenter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("unit of work already entered; make a new one per use case")
        self._session = self._sessions()
        self._after_commit = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        effects, self._after_commit = self._after_commit, []
        try:
            if exc_type is None:
                await session.commit()
            else:
                await session.rollback()
        finally:
            await session.close()
            self._session = None
        if exc_type is None:
            for effect in effects:
                try:
                    await effect()
                except Exception:
                    log.exception("after-commit side effect failed", extra={"effect": repr(effect)})


UnitOfWorkFactory = Callable[[], UnitOfWork]
