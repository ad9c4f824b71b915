"""Import batches say why they failed: a `failed` status (the column already holds any short word)
and the error, so a file that stopped is told apart from one still running.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases (SQLite has added and dropped columns since 3.35): a batch
# rebuild of import_batch would drop a table that rejections and records refer to.
def upgrade() -> None:
    op.add_column("import_batch", sa.Column("error", sa.Text(), nullable=True))


def downgrade() -> None:
    # Code before this revision knows a batch only as running or completed; a failed one is resumable.
    op.execute("UPDATE import_batch SET status = 'running' WHERE status = 'failed'")
    op.drop_column("import_batch", "error")
