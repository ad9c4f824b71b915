"""The action plan's indicators for prevention, protection, prosecution and cooperation: those the
registry's data can compute, and, said plainly, those it does not hold and who does."""

from __future__ import annotations

from collections.abc import Sequence

from registry.schemas.statistics import (
    ComplaintStats,
    Count,
    Indicator,
    InspectionStats,
    ListingStats,
    NotHeld,
    VisaStats,
)

_COOPERATION_CHANNELS = frozenset({"embassy", "ngo", "other_authority"})

TEXT: dict[str, tuple[str, str]] = {
    "companies_registered": ("Recruitment companies registered", "شركات الاستقدام المسجلة"),
    "companies_inspected_share": (
        "Share of registered companies inspected",
        "نسبة الشركات المسجلة التي فُتشت",
    ),
    "visa_checks": ("Visa applications checked against the registry", "طلبات التأشيرات المدققة في السجل"),
    "visa_refused_share": ("Share of visa checks refused", "نسبة طلبات التأشيرات المرفوضة"),
    "publications": ("Blacklist versions published", "الإصدارات المنشورة من القائمة السوداء"),
    "complaints": ("Complaints received", "الشكاوى المستلمة"),
    "victim_reported_share": (
        "Share reported by the victims themselves",
        "نسبة الشكاوى المقدمة من الضحايا أنفسهم",
    ),
    "substantiated_share": (
        "Share of decided complaints substantiated",
        "نسبة الشكاوى الثابتة من الشكاوى المبتوت فيها",
    ),
    "decision_days_median": ("Median days from complaint to decision", "الوسيط بالأيام من الشكوى إلى القرار"),
    "workers_affected": ("Workers affected by violations found", "العمال المتضررون من المخالفات المضبوطة"),
    "referred_for_prosecution": (
        "Inspections referred for prosecution",
        "عمليات التفتيش المحالة إلى النيابة",
    ),
    "premises_closed": ("Premises closed after inspection", "المقار المغلقة بعد التفتيش"),
    "critical_findings": (
        "Critical violations found (forced-labour indicators)",
        "المخالفات الجسيمة المضبوطة (مؤشرات العمل الجبري)",
    ),
    "companies_listed": ("Companies placed on the blacklist", "الشركات المدرجة في القائمة السوداء"),
    "listed_on_court_ruling": ("Listings grounded on a court ruling", "الإدراجات المستندة إلى حكم قضائي"),
    "complaints_through_partners": (
        "Complaints through embassies, NGOs and other authorities",
        "الشكاوى عبر السفارات والمنظمات والجهات الأخرى",
    ),
    "corridors": ("Countries of origin of complainants", "بلدان منشأ مقدمي الشكاوى"),
    "data_sources": ("Authorities that sent records", "الجهات التي أرسلت سجلات"),
}

NOT_HELD: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "protection",
        "Victims identified and referred to shelter",
        "الضحايا المحددون والمحالون إلى مراكز الإيواء",
        "the shelter and the Public Authority of Manpower's case files",
        "مركز الإيواء وملفات الهيئة العامة للقوى العاملة",
    ),
    (
        "protection",
        "Wages and compensation recovered for workers",
        "الأجور والتعويضات المستردة للعمال",
        "the labour courts and the Authority's dispute department",
        "المحاكم العمالية وإدارة النزاعات في الهيئة",
    ),
    (
        "protection",
        "Workers repatriated or helped to change employer",
        "العمال المرحّلون أو المساعدون على تغيير صاحب العمل",
        "the Ministry of Interior and the Authority",
        "وزارة الداخلية والهيئة",
    ),
    (
        "prosecution",
        "Trafficking cases investigated, prosecuted and convicted; sentences",
        "قضايا الاتجار المحقق فيها والمحالة والمدانة والأحكام",
        "the Public Prosecution and the courts",
        "النيابة العامة والمحاكم",
    ),
    (
        "prevention",
        "Officials trained and awareness campaigns held",
        "المسؤولون المدربون وحملات التوعية",
        "the national committee's secretariat",
        "أمانة اللجنة الوطنية",
    ),
    (
        "cooperation",
        "Agreements with countries of origin and joint operations",
        "الاتفاقيات مع بلدان المنشأ والعمليات المشتركة",
        "the Ministry of Foreign Affairs",
        "وزارة الخارجية",
    ),
)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _count(counts: Sequence[Count], key: str) -> int:
    return sum(c.count for c in counts if c.key == key)


def indicators(
    complaints: ComplaintStats,
    inspections: InspectionStats,
    listings: ListingStats,
    visas: VisaStats,
    registered: int,
    import_sources: int,
) -> list[Indicator]:
    """Every indicator the registry can compute for the year."""
    critical = sum(v.findings for v in inspections.by_violation if v.severity == "critical")
    partners = sum(c.count for c in complaints.by_channel if c.key in _COOPERATION_CHANNELS)
    victims = _count(complaints.by_reporter, "victim")
    values: list[tuple[str, str, float | int | None, str]] = [
        ("prevention", "companies_registered", registered, "count"),
        (
            "prevention",
            "companies_inspected_share",
            _share(inspections.companies_inspected, registered),
            "share",
        ),
        ("prevention", "visa_checks", visas.total, "count"),
        ("prevention", "visa_refused_share", visas.refused_share, "share"),
        ("prevention", "publications", listings.publications, "count"),
        ("protection", "complaints", complaints.total, "count"),
        ("protection", "victim_reported_share", _share(victims, complaints.total), "share"),
        ("protection", "substantiated_share", complaints.substantiated_share, "share"),
        ("protection", "decision_days_median", complaints.decision_days_median, "days"),
        ("protection", "workers_affected", inspections.workers_affected, "count"),
        (
            "prosecution",
            "referred_for_prosecution",
            _count(inspections.by_outcome, "referred_for_prosecution"),
            "count",
        ),
        ("prosecution", "premises_closed", _count(inspections.by_outcome, "premises_closed"), "count"),
        ("prosecution", "critical_findings", critical, "count"),
        ("prosecution", "companies_listed", listings.added, "count"),
        ("prosecution", "listed_on_court_ruling", listings.court_ruling_grounds, "count"),
        ("cooperation", "complaints_through_partners", partners, "count"),
        ("cooperation", "corridors", len([c for c in complaints.by_corridor if c.key]), "count"),
        ("cooperation", "data_sources", import_sources, "count"),
    ]
    return [
        Indicator(
            pillar=pillar,
            code=code,
            label_en=TEXT[code][0],
            label_ar=TEXT[code][1],
            value=None if value is None else float(value),
            unit=unit,
        )
        for pillar, code, value, unit in values
    ]


def not_held() -> list[NotHeld]:
    """Indicators the action plan names that this registry does not hold, and who holds them."""
    return [
        NotHeld(pillar=p, label_en=en, label_ar=ar, held_by_en=ben, held_by_ar=bar)
        for p, en, ar, ben, bar in NOT_HELD
    ]
