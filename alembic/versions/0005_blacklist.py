"""Blacklist: listings with grounds, events and listed persons; company links; publications; visa checks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A listing decision must stay defensible years later: the database itself refuses to rewrite or
# remove the record, whatever code or console issues the statement.
APPEND_ONLY = ("listing_event", "publication", "publication_file", "publication_change", "visa_check")
NEVER_DELETED = ("listing", "listing_ground", "listed_person", "company_link")

_PG_FUNCTION = """
CREATE FUNCTION blacklist_keep_record() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% keeps its record: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql
"""


def _operations(table: str) -> tuple[str, ...]:
    return ("UPDATE", "DELETE") if table in APPEND_ONLY else ("DELETE",)


def _create_triggers() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(_PG_FUNCTION)
    for table in (*APPEND_ONLY, *NEVER_DELETED):
        for operation in _operations(table):
            name = f"{table}_no_{operation.lower()}"
            if postgres:
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION blacklist_keep_record()"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, '{table} keeps its record: {operation} refused'); END"
                )


def _drop_triggers() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in (*APPEND_ONLY, *NEVER_DELETED):
        for operation in _operations(table):
            name = f"{table}_no_{operation.lower()}"
            op.execute(
                f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres else f"DROP TRIGGER IF EXISTS {name}"
            )
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS blacklist_keep_record()")


def upgrade() -> None:
    op.create_table(
        "listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("risk_score_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.String(length=120), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposal_reason", sa.String(length=2000), nullable=False),
        sa.Column("notice_served_on", sa.Date(), nullable=True),
        sa.Column("response_deadline", sa.Date(), nullable=True),
        sa.Column("deadline_passed_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=2000), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_reason", sa.String(length=12), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name="fk_listing_company"),
        sa.ForeignKeyConstraint(["risk_score_id"], ["risk_score.id"], name="fk_listing_risk_score"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_company_id"), ["company_id"], unique=False)
        batch_op.create_index("ix_listing_state_ends", ["state", "ends_on"], unique=False)

    op.create_table(
        "listing_ground",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("court_ref", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"], name="fk_listing_ground_complaint"),
        sa.ForeignKeyConstraint(["finding_id"], ["finding.id"], name="fk_listing_ground_finding"),
        sa.ForeignKeyConstraint(["listing_id"], ["listing.id"], name="fk_listing_ground_listing"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("listing_ground", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_ground_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "listing_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["listing.id"], name="fk_listing_event_listing"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("listing_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_event_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "listed_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["listing.id"], name="fk_listed_person_listing"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name="fk_listed_person_officer"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("listing_id", "officer_id", "role", name="uq_listed_person"),
    )
    with op.batch_alter_table("listed_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listed_person_listing_id"), ["listing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listed_person_officer_id"), ["officer_id"], unique=False)

    op.create_table(
        "company_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("linked_company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("evidence", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name="fk_company_link_company"),
        sa.ForeignKeyConstraint(["linked_company_id"], ["company.id"], name="fk_company_link_linked"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "linked_company_id", "kind", "evidence", name="uq_company_link"),
    )
    with op.batch_alter_table("company_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_link_company_id"), ["company_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_company_link_linked_company_id"), ["linked_company_id"], unique=False
        )

    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("previous_version", sa.Integer(), nullable=True),
        sa.Column("listings", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version", name="uq_publication_version"),
    )
    op.create_table(
        "publication_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"], ["publication.id"], name="fk_publication_file_publication"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("publication_id", "name", name="uq_publication_file_name"),
    )
    op.create_table(
        "publication_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=12), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["listing.id"], name="fk_publication_change_listing"),
        sa.ForeignKeyConstraint(
            ["publication_id"], ["publication.id"], name="fk_publication_change_publication"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("publication_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_change_version"), ["version"], unique=False)

    op.create_table(
        "visa_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_by", sa.String(length=120), nullable=False),
        sa.Column("application_ref", sa.String(length=120), nullable=True),
        sa.Column("query_external_id", sa.String(length=64), nullable=True),
        sa.Column("query_name", sa.String(length=300), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("tier", sa.String(length=10), nullable=True),
        sa.Column("listing_seq", sa.Integer(), nullable=False),
        sa.Column("publication_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name="fk_visa_check_company"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visa_check", schema=None) as batch_op:
        batch_op.create_index("ix_visa_check_company_checked", ["company_id", "checked_at"], unique=False)
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("visa_check", schema=None) as batch_op:
        batch_op.drop_index("ix_visa_check_company_checked")
    op.drop_table("visa_check")
    with op.batch_alter_table("publication_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_change_version"))
    op.drop_table("publication_change")
    op.drop_table("publication_file")
    op.drop_table("publication")
    with op.batch_alter_table("company_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_link_linked_company_id"))
        batch_op.drop_index(batch_op.f("ix_company_link_company_id"))
    op.drop_table("company_link")
    with op.batch_alter_table("listed_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listed_person_officer_id"))
        batch_op.drop_index(batch_op.f("ix_listed_person_listing_id"))
    op.drop_table("listed_person")
    with op.batch_alter_table("listing_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_event_listing_id"))
    op.drop_table("listing_event")
    with op.batch_alter_table("listing_ground", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_ground_listing_id"))
    op.drop_table("listing_ground")
    with op.batch_alter_table("listing", schema=None) as batch_op:
        batch_op.drop_index("ix_listing_state_ends")
        batch_op.drop_index(batch_op.f("ix_listing_company_id"))
    op.drop_table("listing")
