"""ORM conventions every model module must keep (checked over all registered mappers)."""

from __future__ import annotations

import sqlalchemy as sa

import ticketing.db.models  # noqa: F401 - registers every model
from ticketing.db.base import Base, UTCDateTime

EAGER_OR_RAISING = {"raise", "raise_on_sql", "selectin", "joined", "noload"}


def test_there_are_models_to_check() -> None:
    assert len(Base.registry.mappers) >= 10


def test_relationships_never_lazy_load() -> None:
    """A lazy load in async code is hidden I/O: relationships must raise or load eagerly."""
    offenders = [
        f"{mapper.class_.__name__}.{rel.key} (lazy={rel.lazy})"
        for mapper in Base.registry.mappers
        for rel in mapper.relationships
        if rel.lazy not in EAGER_OR_RAISING
    ]
    assert offenders == []


def test_every_datetime_column_is_aware() -> None:
    """Naive datetimes are refused: every DateTime column uses the aware UTC type."""
    naive = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, sa.DateTime) and not isinstance(column.type, UTCDateTime)
    ]
    assert naive == []
