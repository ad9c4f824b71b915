"""Partnerships taken from a complaint cite it by its reference (KW-C-00000042), not its follow-up code.

The follow-up code lets whoever holds it follow the complaint as its reporter; partnerships are read
by PAM officers and exported to other states, so the code must not travel with them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The reference of the complaint a partnership row points at, written in each dialect's SQL.
_REFERENCE = {
    "postgresql": "'KW-C-' || lpad(complaint_id::text, greatest(8, length(complaint_id::text)), '0')",
    "sqlite": "'KW-C-' || printf('%08d', complaint_id)",
}
_UPGRADE = (
    "UPDATE partnership SET source_ref = {reference} WHERE source = 'complaint' AND complaint_id IS NOT NULL"
)


def upgrade() -> None:
    op.execute(_UPGRADE.format(reference=_REFERENCE[op.get_bind().dialect.name]))


def downgrade() -> None:
    op.execute(
        "UPDATE partnership SET source_ref = (SELECT c.follow_up_code FROM complaint c "
        "WHERE c.id = partnership.complaint_id) "
        "WHERE source = 'complaint' AND complaint_id IS NOT NULL"
    )
