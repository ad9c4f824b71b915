"""The recruitment chain and the courts: foreign agencies, partnerships, mentions, court cases,
partners named in listings, court rulings as listing grounds, and the export log.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As for the blacklist's own tables (0005): the record of a listing and of every export stays.
APPEND_ONLY = ("export_log",)
NEVER_DELETED = ("listed_partner",)

_PG_FUNCTION = """
CREATE FUNCTION chain_keep_record() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% keeps its record: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _operations(table: str) -> tuple[str, ...]:
    return ("UPDATE", "DELETE") if table in APPEND_ONLY else ("DELETE",)


def _create_triggers() -> None:
    postgres = _postgres()
    if postgres:
        op.execute(_PG_FUNCTION)
    for table in (*APPEND_ONLY, *NEVER_DELETED):
        for operation in _operations(table):
            name = f"{table}_no_{operation.lower()}"
            if postgres:
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION chain_keep_record()"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, '{table} keeps its record: {operation} refused'); END"
                )


def _drop_triggers() -> None:
    postgres = _postgres()
    for table in (*APPEND_ONLY, *NEVER_DELETED):
        for operation in _operations(table):
            name = f"{table}_no_{operation.lower()}"
            op.execute(
                f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres else f"DROP TRIGGER IF EXISTS {name}"
            )
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS chain_keep_record()")


_FOLLOW_SET = (
    "UPDATE agency_mention SET complaint_status = NEW.status, complaint_received_at = NEW.received_at "
    "WHERE complaint_id = NEW.id"
)


def _follow_complaints() -> None:
    # A mention keeps a copy of its complaint's status and date (chains count from the mention's
    # index); whoever changes a complaint, the database brings the copies along.
    if _postgres():
        op.execute(
            "CREATE FUNCTION agency_mention_follow_complaint() RETURNS trigger AS $$ "
            f"BEGIN {_FOLLOW_SET}; RETURN NULL; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER complaint_to_agency_mention AFTER UPDATE OF status, received_at ON complaint "
            "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.received_at IS DISTINCT FROM "
            "NEW.received_at) EXECUTE FUNCTION agency_mention_follow_complaint()"
        )
    else:
        op.execute(
            "CREATE TRIGGER complaint_to_agency_mention AFTER UPDATE OF status, received_at ON complaint "
            f"BEGIN {_FOLLOW_SET}; END"
        )


def _unfollow_complaints() -> None:
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS complaint_to_agency_mention ON complaint")
        op.execute("DROP FUNCTION IF EXISTS agency_mention_follow_complaint()")
    else:
        op.execute("DROP TRIGGER IF EXISTS complaint_to_agency_mention")


def _add_court_case_ground() -> None:
    # Batch mode would rebuild listing_ground on SQLite and lose its no-delete trigger (0005); SQLite
    # adds a nullable column with an inline foreign key in place.
    if _postgres():
        op.add_column("listing_ground", sa.Column("court_case_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_listing_ground_court_case", "listing_ground", "court_case", ["court_case_id"], ["id"]
        )
    else:
        op.execute(
            "ALTER TABLE listing_ground ADD COLUMN court_case_id INTEGER "
            "CONSTRAINT fk_listing_ground_court_case REFERENCES court_case (id)"
        )


def _drop_court_case_ground() -> None:
    if _postgres():
        op.drop_constraint("fk_listing_ground_court_case", "listing_ground", type_="foreignkey")
    op.execute("ALTER TABLE listing_ground DROP COLUMN court_case_id")


def upgrade() -> None:
    op.create_table(
        "court_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=60), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("ruling_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("sentence", sa.String(length=2000), nullable=True),
        sa.Column("appeal_status", sa.String(length=14), nullable=False),
        sa.Column("is_final", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("appeal_of_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["appeal_of_id"], ["court_case.id"], name="fk_court_case_appeal_of"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("court", "case_number", name="uq_court_case_number"),
    )
    with op.batch_alter_table("court_case", schema=None) as batch_op:
        batch_op.create_index("ix_court_case_ruling", ["ruling_on"], unique=False)

    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.create_index("ix_export_log_kind_at", ["kind", "at"], unique=False)

    op.create_table(
        "foreign_agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("name_latin", sa.String(length=300), nullable=False),
        sa.Column("name_local", sa.String(length=300), nullable=True),
        sa.Column("local_script", sa.String(length=20), nullable=True),
        sa.Column("licence_no", sa.String(length=64), nullable=True),
        sa.Column("licence_authority", sa.String(length=60), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_checked_on", sa.Date(), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("country", "licence_no", name="uq_foreign_agency_licence"),
        sa.UniqueConstraint("external_id"),
    )
    with op.batch_alter_table("foreign_agency", schema=None) as batch_op:
        batch_op.create_index("ix_foreign_agency_country", ["country"], unique=False)

    op.create_table(
        "court_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("law", sa.String(length=40), nullable=False),
        sa.Column("article", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["court_case.id"], name="fk_court_charge_case", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("court_charge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_court_charge_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_court_charge_law_article", ["law", "article"], unique=False)

    op.create_table(
        "court_defendant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("published_name", sa.String(length=300), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("sentence", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["foreign_agency.id"], name="fk_court_defendant_agency"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["court_case.id"], name="fk_court_defendant_case", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name="fk_court_defendant_company"),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name="fk_court_defendant_officer"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("court_defendant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_court_defendant_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_court_defendant_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_court_defendant_officer_id"), ["officer_id"], unique=False)

    op.create_table(
        "foreign_agency_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("script", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["foreign_agency.id"], name="fk_foreign_agency_name_agency", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agency_id", "text", name="uq_foreign_agency_name"),
    )
    with op.batch_alter_table("foreign_agency_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_foreign_agency_name_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index("ix_foreign_agency_name_key", ["key"], unique=False)

    op.create_table(
        "listed_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=14), nullable=False),
        sa.Column("named_by", sa.String(length=120), nullable=False),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("notice_served_on", sa.Date(), nullable=True),
        sa.Column("response_deadline", sa.Date(), nullable=True),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_reason", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["foreign_agency.id"], name="fk_listed_partner_agency"),
        sa.ForeignKeyConstraint(["listing_id"], ["listing.id"], name="fk_listed_partner_listing"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("listing_id", "agency_id", name="uq_listed_partner"),
    )
    with op.batch_alter_table("listed_partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listed_partner_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listed_partner_listing_id"), ["listing_id"], unique=False)

    op.create_table(
        "partnership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_ref", sa.String(length=120), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("inspection_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["foreign_agency.id"], name="fk_partnership_agency"),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name="fk_partnership_company"),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"], name="fk_partnership_complaint"),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"], name="fk_partnership_inspection"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "agency_id", "source", "source_ref", name="uq_partnership_source"),
    )
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnership_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnership_company_id"), ["company_id"], unique=False)

    op.create_table(
        "agency_mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=10), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("name_written", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("complaint_status", sa.String(length=20), nullable=True),
        sa.Column("complaint_received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=400), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["foreign_agency.id"], name="fk_agency_mention_agency"),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"], name="fk_agency_mention_complaint"),
        sa.ForeignKeyConstraint(["finding_id"], ["finding.id"], name="fk_agency_mention_finding"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key", name="uq_agency_mention"),
    )
    with op.batch_alter_table("agency_mention", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agency_mention_agency_received",
            ["agency_id", "complaint_received_at", "complaint_status"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_agency_mention_complaint_id"), ["complaint_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_mention_finding_id"), ["finding_id"], unique=False)

    _add_court_case_ground()
    _create_triggers()
    _follow_complaints()


def downgrade() -> None:
    _drop_triggers()
    _unfollow_complaints()
    _drop_court_case_ground()

    with op.batch_alter_table("agency_mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_mention_finding_id"))
        batch_op.drop_index(batch_op.f("ix_agency_mention_complaint_id"))
        batch_op.drop_index("ix_agency_mention_agency_received")

    op.drop_table("agency_mention")
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_company_id"))
        batch_op.drop_index(batch_op.f("ix_partnership_agency_id"))

    op.drop_table("partnership")
    with op.batch_alter_table("listed_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listed_partner_listing_id"))
        batch_op.drop_index(batch_op.f("ix_listed_partner_agency_id"))

    op.drop_table("listed_partner")
    with op.batch_alter_table("foreign_agency_name", schema=None) as batch_op:
        batch_op.drop_index("ix_foreign_agency_name_key")
        batch_op.drop_index(batch_op.f("ix_foreign_agency_name_agency_id"))

    op.drop_table("foreign_agency_name")
    with op.batch_alter_table("court_defendant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_court_defendant_officer_id"))
        batch_op.drop_index(batch_op.f("ix_court_defendant_company_id"))
        batch_op.drop_index(batch_op.f("ix_court_defendant_case_id"))

    op.drop_table("court_defendant")
    with op.batch_alter_table("court_charge", schema=None) as batch_op:
        batch_op.drop_index("ix_court_charge_law_article")
        batch_op.drop_index(batch_op.f("ix_court_charge_case_id"))

    op.drop_table("court_charge")
    with op.batch_alter_table("foreign_agency", schema=None) as batch_op:
        batch_op.drop_index("ix_foreign_agency_country")

    op.drop_table("foreign_agency")
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.drop_index("ix_export_log_kind_at")

    op.drop_table("export_log")
    with op.batch_alter_table("court_case", schema=None) as batch_op:
        batch_op.drop_index("ix_court_case_ruling")

    op.drop_table("court_case")
