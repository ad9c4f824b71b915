"""Reporting abuse from the public page: the choices offered, and a report's status in words."""

from __future__ import annotations

from sqlmodel import Session

from registry.i18n import N_, translations
from registry.models.complaint import ReporterType
from registry.repositories import complaints as complaint_repo
from registry.schemas.public import PublicReportStatus, ReportCategory
from registry.services import complaints
from registry.services.public_lookup import CATEGORY_LABELS, category_label

REPORTER_LABELS: dict[ReporterType, str] = {
    ReporterType.VICTIM: N_("I am the worker"),
    ReporterType.RELATIVE: N_("A relative or friend of the worker"),
    ReporterType.CO_WORKER: N_("A co-worker"),
    ReporterType.NGO: N_("An organisation helping workers"),
    ReporterType.EMBASSY: N_("An embassy"),
    ReporterType.ANONYMOUS: N_("I prefer not to say"),
}


def categories(session: Session, *, language: str) -> list[ReportCategory]:
    """Every kind of abuse a report can name, labelled in LANGUAGE (the labelled ones in their order)."""
    known = list(CATEGORY_LABELS)
    rows = complaint_repo.catalogue(session)
    ordered = sorted(rows, key=lambda code: (known.index(code) if code in known else len(known), code))
    return [
        ReportCategory(
            code=code,
            label=category_label(code, language, title_en=rows[code].title_en, title_ar=rows[code].title_ar),
        )
        for code in ordered
    ]


def reporter_types(language: str) -> list[ReportCategory]:
    """Who may be reporting, labelled in LANGUAGE."""
    words = translations(language)
    return [
        ReportCategory(code=kind.value, label=words.gettext(label)) for kind, label in REPORTER_LABELS.items()
    ]


def report_status(session: Session, *, follow_up_code: str, language: str) -> PublicReportStatus:
    """The status of a report in LANGUAGE; nothing about its content, company or reporter."""
    status = complaints.public_status(session, follow_up_code=follow_up_code)
    return PublicReportStatus(
        follow_up_code=status.follow_up_code,
        status=status.status.value,
        words=translations(language).gettext(complaints.STATUS_WORDS[status.status]),
        last_change=status.last_change.date(),
    )
