"""fares: fare catalogue versions and activations

Revision ID: fares_0001
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "fares_0001"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("fares",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fare_feed_versions",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("feed_version", sa.String(200), nullable=True),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(120), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("warning_count", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fare_feed_versions")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_fare_feed_versions_content_hash")),
    )
    op.create_table(
        "fare_feed_activations",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("version_id", sa.String(26), nullable=False),
        sa.Column("effective_from", UTCDateTime(), nullable=False),
        sa.Column("activated_at", UTCDateTime(), nullable=False),
        sa.Column("activated_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fare_feed_activations")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["fare_feed_versions.id"],
            name=op.f("fk_fare_feed_activations_version_id_fare_feed_versions"),
        ),
        sa.UniqueConstraint("effective_from", name=op.f("uq_fare_feed_activations_effective_from")),
    )


def downgrade() -> None:
    op.drop_table("fare_feed_activations")
    op.drop_table("fare_feed_versions")
