"""Registry core: companies, their names and phones, officers.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("name_ar", sa.String(length=300), nullable=True),
        sa.Column("legal_form", sa.String(length=40), nullable=True),
        sa.Column("activity", sa.String(length=40), nullable=False),
        sa.Column("licence_no", sa.String(length=64), nullable=True),
        sa.Column("licence_status", sa.String(length=20), nullable=False),
        sa.Column("licence_issued", sa.Date(), nullable=True),
        sa.Column("licence_expires", sa.Date(), nullable=True),
        sa.Column("governorate", sa.String(length=30), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("sponsored_workers", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("external_id"),
    )
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.create_index("ix_company_governorate_activity", ["governorate", "activity"], unique=False)
        batch_op.create_index("ix_company_licence_status", ["licence_status"], unique=False)

    op.create_table(
        "officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("id_type", sa.String(length=10), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("id_type", "id_number", name="uq_officer_identity"),
    )
    op.create_table(
        "company_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("script", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "text", name="uq_company_name_company_text"),
    )
    with op.batch_alter_table("company_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_name_company_id"), ["company_id"], unique=False)
        batch_op.create_index("ix_company_name_key", ["key"], unique=False)

    op.create_table(
        "company_officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "officer_id", "role", name="uq_company_officer_role"),
    )
    with op.batch_alter_table("company_officer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_officer_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_officer_officer_id"), ["officer_id"], unique=False)

    op.create_table(
        "company_phone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "number", name="uq_company_phone"),
    )
    with op.batch_alter_table("company_phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_phone_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_phone_number"), ["number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("company_phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_phone_number"))
        batch_op.drop_index(batch_op.f("ix_company_phone_company_id"))

    op.drop_table("company_phone")
    with op.batch_alter_table("company_officer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_officer_officer_id"))
        batch_op.drop_index(batch_op.f("ix_company_officer_company_id"))

    op.drop_table("company_officer")
    with op.batch_alter_table("company_name", schema=None) as batch_op:
        batch_op.drop_index("ix_company_name_key")
        batch_op.drop_index(batch_op.f("ix_company_name_company_id"))

    op.drop_table("company_name")
    op.drop_table("officer")
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_index("ix_company_licence_status")
        batch_op.drop_index("ix_company_governorate_activity")

    op.drop_table("company")
