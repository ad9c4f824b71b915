"""Name matching: review queue of mentions, remembered rejections, company history, merges.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company_name_change",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("op", sa.String(length=6), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "company_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("other_company_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["other_company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("company_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_event_company_id"), ["company_id"], unique=False)

    op.create_table(
        "match_rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mention_key", sa.String(length=300), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("rejected_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mention_key", "company_id", name="uq_match_rejection"),
    )
    with op.batch_alter_table("match_rejection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_rejection_mention_key"), ["mention_key"], unique=False)

    op.create_table(
        "name_mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("best_company_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("resolved_by", sa.String(length=120), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["best_company_id"], ["company.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_name_mention_key"),
    )
    with op.batch_alter_table("name_mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_name_mention_company_id"), ["company_id"], unique=False)
        batch_op.create_index("ix_name_mention_status", ["status"], unique=False)

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_company_merged_into_id"), ["merged_into_id"], unique=False)
        batch_op.create_foreign_key("fk_company_merged_into_id", "company", ["merged_into_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_constraint("fk_company_merged_into_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_company_merged_into_id"))
        batch_op.drop_column("merged_into_id")

    with op.batch_alter_table("name_mention", schema=None) as batch_op:
        batch_op.drop_index("ix_name_mention_status")
        batch_op.drop_index(batch_op.f("ix_name_mention_company_id"))

    op.drop_table("name_mention")
    with op.batch_alter_table("match_rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_rejection_mention_key"))

    op.drop_table("match_rejection")
    with op.batch_alter_table("company_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_event_company_id"))

    op.drop_table("company_event")
    op.drop_table("company_name_change")
