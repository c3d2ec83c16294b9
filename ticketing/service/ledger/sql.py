"""Moved to :mod:`ticketing.db.statements` (a general database helper, not a ledger one).

Kept only so code written against the old path keeps importing; import from
``ticketing.db.statements``.
"""

from ticketing.db.statements import execute_count, table_of, upsert_insert

__all__ = ["execute_count", "table_of", "upsert_insert"]
