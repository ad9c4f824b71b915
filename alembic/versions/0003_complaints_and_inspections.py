"""Complaints, complainants (encrypted), inspections, findings, import batches; violation catalogue.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The catalogue as first seeded; later changes come in later migrations, never by editing this list.
# Grounds: Kuwait Law No. 91 of 2013 on combating trafficking in persons and smuggling of migrants,
# Law No. 68 of 2015 on domestic workers, Law No. 6 of 2010 on labour in the private sector, and the
# ILO's indicators of forced labour (2012).
_LAW_91 = "Law No. 91 of 2013 (trafficking in persons)"
_LAW_68 = "Law No. 68 of 2015 (domestic workers)"
_LAW_6 = "Law No. 6 of 2010 (private-sector labour)"
VIOLATIONS = [
    (
        "PASSPORT_RETENTION",
        "Passport or ID retained by employer or agency",
        "احتجاز جواز السفر أو الهوية",
        "critical",
        f"{_LAW_68}; {_LAW_6}; {_LAW_91} where used to compel work",
        "Retention of identity documents",
    ),
    (
        "WAGE_THEFT",
        "Unpaid or withheld wages",
        "عدم دفع الأجور أو احتجازها",
        "high",
        f"{_LAW_68}; {_LAW_6}",
        "Withholding of wages",
    ),
    (
        "RECRUITMENT_FEES",
        "Recruitment fees charged to the worker",
        "تحصيل رسوم استقدام من العامل",
        "high",
        f"{_LAW_68}; ILO Convention 181 art. 7",
        "Debt bondage (fees)",
    ),
    (
        "CONTRACT_SUBSTITUTION",
        "Contract substitution",
        "استبدال عقد العمل",
        "high",
        f"{_LAW_68}; {_LAW_6}",
        "Deception",
    ),
    (
        "EXCESSIVE_HOURS",
        "Excessive working hours or no rest day",
        "ساعات عمل مفرطة أو بدون يوم راحة",
        "medium",
        f"{_LAW_68}; {_LAW_6}",
        "Excessive overtime",
    ),
    (
        "MOVEMENT_RESTRICTION",
        "Restriction of movement or confinement",
        "تقييد حرية التنقل أو الاحتجاز",
        "critical",
        f"{_LAW_91}; {_LAW_68}",
        "Restriction of movement; isolation",
    ),
    (
        "PHYSICAL_ABUSE",
        "Physical abuse",
        "إساءة جسدية",
        "critical",
        f"{_LAW_91}; Penal Code",
        "Physical and sexual violence",
    ),
    (
        "SEXUAL_ABUSE",
        "Sexual abuse",
        "إساءة جنسية",
        "critical",
        f"{_LAW_91}; Penal Code",
        "Physical and sexual violence",
    ),
    (
        "THREATS",
        "Threats and intimidation",
        "التهديد والترهيب",
        "high",
        f"{_LAW_91}",
        "Intimidation and threats",
    ),
    (
        "DECEPTION",
        "Deception about the job or conditions",
        "الخداع بشأن طبيعة العمل أو شروطه",
        "high",
        f"{_LAW_91}",
        "Deception",
    ),
    ("DEBT_BONDAGE", "Debt bondage", "عبودية الدين", "critical", f"{_LAW_91}", "Debt bondage"),
    (
        "VISA_TRADING",
        "Residency (visa) trading",
        "الاتجار بالإقامات",
        "high",
        f"Residence of foreigners law; {_LAW_91} where a means of exploitation",
        "Abuse of vulnerability",
    ),
    (
        "UNSAFE_HOUSING",
        "Unsafe or degrading housing",
        "سكن غير آمن أو مهين",
        "medium",
        f"{_LAW_68}; {_LAW_6}",
        "Abusive working and living conditions",
    ),
]


def upgrade() -> None:
    op.create_table(
        "complainant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_enc", sa.Text(), nullable=True),
        sa.Column("phone_enc", sa.Text(), nullable=True),
        sa.Column("document_enc", sa.Text(), nullable=True),
        sa.Column("nationality_enc", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "source", "file_sha256", name="uq_import_batch_file"),
    )
    op.create_table(
        "violation_code",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("title_ar", sa.String(length=200), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("legal_basis", sa.String(length=500), nullable=False),
        sa.Column("ilo_indicator", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "import_rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=60), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "line", name="uq_import_rejection_line"),
    )
    with op.batch_alter_table("import_rejection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_rejection_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_code", sa.String(length=24), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("reporter_type", sa.String(length=12), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("company_name_written", sa.String(length=300), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("match_decision", sa.String(length=10), nullable=False),
        sa.Column("match_score", sa.Float(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_inspector", sa.String(length=120), nullable=True),
        sa.Column("corridor", sa.String(length=2), nullable=True),
        sa.Column("consent_to_share", sa.Boolean(), nullable=False),
        sa.Column("complainant_id", sa.Integer(), nullable=True),
        sa.Column("reporter_key", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("source_ref", sa.String(length=120), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["complainant_id"],
            ["complainant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["name_mention.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash", name="uq_complaint_content_hash"),
        sa.UniqueConstraint("follow_up_code"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_company_received", ["company_id", "received_at"], unique=False)

    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("inspector", sa.String(length=120), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("company_name_written", sa.String(length=300), nullable=True),
        sa.Column("mention_id", sa.Integer(), nullable=True),
        sa.Column("site", sa.String(length=300), nullable=True),
        sa.Column("workers_interviewed", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("source_ref", sa.String(length=120), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["name_mention.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_ref", name="uq_inspection_source_ref"),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_company_date", ["company_id", "inspected_on"], unique=False)

    op.create_table(
        "complaint_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_status_change_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("violation_code", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("workers_affected", sa.Integer(), nullable=False),
        sa.Column("evidence_note", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["violation_code"],
            ["violation_code.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_inspection_id"), ["inspection_id"], unique=False)
    catalogue = sa.table(
        "violation_code",
        *(
            sa.column(name)
            for name in ("code", "title_en", "title_ar", "severity", "legal_basis", "ilo_indicator")
        ),
    )
    keys = ("code", "title_en", "title_ar", "severity", "legal_basis", "ilo_indicator")
    op.bulk_insert(catalogue, [dict(zip(keys, row, strict=True)) for row in VIOLATIONS])


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_inspection_id"))

    op.drop_table("finding")
    with op.batch_alter_table("complaint_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_status_change_complaint_id"))

    op.drop_table("complaint_status_change")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_company_date")

    op.drop_table("inspection")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_company_received")

    op.drop_table("complaint")
    with op.batch_alter_table("import_rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_rejection_batch_id"))

    op.drop_table("import_rejection")
    op.drop_table("violation_code")
    op.drop_table("import_batch")
    op.drop_table("complainant")
