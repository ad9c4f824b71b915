"""Risk scores (append-only history) and risk model versions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Score history must show how a company's risk changed and why; a rewritten row would hide that, so
# the database itself refuses UPDATE and DELETE, whatever code or console issues them.
_PG_FUNCTION = """
CREATE FUNCTION risk_score_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'risk_score is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql
"""
_PG_TRIGGER = """
CREATE TRIGGER risk_score_append_only BEFORE UPDATE OR DELETE ON risk_score
FOR EACH ROW EXECUTE FUNCTION risk_score_append_only()
"""
_SQLITE_TRIGGERS = [
    f"""
CREATE TRIGGER risk_score_no_{op_name.lower()} BEFORE {op_name} ON risk_score
BEGIN
    SELECT RAISE(ABORT, 'risk_score is append-only: {op_name} refused');
END
"""
    for op_name in ("UPDATE", "DELETE")
]


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS risk_score_append_only ON risk_score")
        op.execute("DROP FUNCTION IF EXISTS risk_score_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS risk_score_no_update")
        op.execute("DROP TRIGGER IF EXISTS risk_score_no_delete")


def upgrade() -> None:
    op.create_table(
        "risk_model_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_path", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("promoted", sa.Boolean(), nullable=False),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version"),
    )
    op.create_table(
        "risk_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.Column("recommend_listing", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("point_reasons", sa.JSON(), nullable=False),
        sa.Column("fallback_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("risk_score", schema=None) as batch_op:
        batch_op.create_index("ix_risk_score_company_computed", ["company_id", "computed_at"], unique=False)
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("risk_score", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_score_company_computed")

    op.drop_table("risk_score")
    op.drop_table("risk_model_version")
