"""Plain English and Arabic wording for every code, severity, tier and feature that scoring explains."""

from __future__ import annotations

VIOLATION_TEXT: dict[str, tuple[str, str]] = {
    "PASSPORT_RETENTION": ("passport retention", "حجز جواز السفر"),
    "WAGE_THEFT": ("wage theft", "الاستيلاء على الأجور"),
    "RECRUITMENT_FEES": ("recruitment fees charged to workers", "تحصيل رسوم استقدام من العمال"),
    "CONTRACT_SUBSTITUTION": ("contract substitution", "استبدال عقد العمل"),
    "EXCESSIVE_HOURS": ("excessive working hours", "ساعات عمل مفرطة"),
    "MOVEMENT_RESTRICTION": ("restriction of movement", "تقييد حرية التنقل"),
    "PHYSICAL_ABUSE": ("physical abuse", "إساءة جسدية"),
    "SEXUAL_ABUSE": ("sexual abuse", "إساءة جنسية"),
    "THREATS": ("threats or intimidation", "التهديد أو الترهيب"),
    "DECEPTION": ("deception about the job", "الخداع بشأن طبيعة العمل"),
    "DEBT_BONDAGE": ("debt bondage", "عبودية الدين"),
    "VISA_TRADING": ("visa trading", "تجارة الإقامات"),
    "UNSAFE_HOUSING": ("unsafe housing", "سكن غير آمن"),
}

SEVERITY_TEXT: dict[str, tuple[str, str]] = {
    "low": ("low", "منخفضة"),
    "medium": ("medium", "متوسطة"),
    "high": ("high", "عالية"),
    "critical": ("critical", "حرجة"),
}

GROUP_TEXT: dict[str, tuple[str, str]] = {
    "forced_labour": ("forced-labour indicators", "مؤشرات العمل الجبري"),
    "abuse": ("physical or sexual abuse", "الإساءة الجسدية أو الجنسية"),
    "deception_fees": ("deception, fees or visa trading", "الخداع أو الرسوم أو تجارة الإقامات"),
    "wages_conditions": ("wages, hours or housing", "الأجور أو ساعات العمل أو السكن"),
    "other": ("other matters", "أمور أخرى"),
}

STATUS_TEXT: dict[str, tuple[str, str]] = {
    "substantiated": ("substantiated", "مثبتة"),
    "unverified": ("not yet verified", "لم يُتحقق منها بعد"),
}

LICENCE_TEXT: dict[str, tuple[str, str]] = {
    "active": ("active", "ساري"),
    "suspended": ("suspended", "موقوف"),
    "expired": ("expired", "منتهي الصلاحية"),
    "cancelled": ("cancelled", "ملغى"),
    "unknown": ("unknown", "غير معروف الحالة"),
}

_FIXED_FEATURES: dict[str, tuple[str, str]] = {
    "serious_inspections": (
        "Inspections that found serious violations",
        "عمليات تفتيش كشفت مخالفات جسيمة",
    ),
    "workers_affected": (
        "Workers affected by recorded violations (recent weigh more)",
        "العمال المتضررون من المخالفات المسجلة (الأحدث أثقل وزناً)",
    ),
    "complaints_per_100_workers": (
        "Complaints per 100 workers (recent weigh more)",
        "الشكاوى لكل 100 عامل (الأحدث أثقل وزناً)",
    ),
    "workforce_unknown": ("Workforce size not on record", "حجم العمالة غير مسجل"),
    "company_age_years": ("Years since registration", "سنوات منذ التسجيل"),
    "registration_date_unknown": ("Registration date not on record", "تاريخ التسجيل غير مسجل"),
    "links_to_listed": (
        "Links (officers, phones, addresses) to listed or proposed companies",
        "روابط (مسؤولون، هواتف، عناوين) بشركات مدرجة أو مقترح إدراجها",
    ),
    "partners_flagged": (
        "Foreign partner agencies with a bad record (listed, sanctioned at home, substantiated complaints)",
        "وكالات شريكة في الخارج ذات سجل سيئ (مدرجة، أو معاقبة في بلدها، أو شكاوى ثابتة)",
    ),
    "max_reporter_share": (
        "Largest share of complaints from one reporter",
        "أكبر نسبة من الشكاوى مقدمة من شخص واحد",
    ),
    "days_since_last_complaint": ("Days since the last complaint", "أيام منذ آخر شكوى"),
    "days_since_last_finding": ("Days since the last recorded violation", "أيام منذ آخر مخالفة مسجلة"),
}


def violation_text(code: str) -> tuple[str, str]:
    """English and Arabic name of a violation code, falling back to the code itself."""
    return VIOLATION_TEXT.get(code, (code.replace("_", " ").lower(), code))


def feature_text(name: str) -> tuple[str, str]:
    """English and Arabic description of a feature column."""
    if name in _FIXED_FEATURES:
        return _FIXED_FEATURES[name]
    kind, _, rest = name.partition("_")
    if kind == "complaints":
        group, _, status = rest.rpartition("_")
        group_en, group_ar = GROUP_TEXT.get(group, (group, group))
        status_en, status_ar = STATUS_TEXT[status]
        return (
            f"Complaints about {group_en}, {status_en} (recent weigh more)",
            f"شكاوى بشأن {group_ar}، {status_ar} (الأحدث أثقل وزناً)",
        )
    if kind == "findings":
        sev_en, sev_ar = SEVERITY_TEXT[rest]
        return (
            f"Violations of {sev_en} severity found by inspectors (recent weigh more)",
            f"مخالفات بدرجة خطورة {sev_ar} رصدها المفتشون (الأحدث أثقل وزناً)",
        )
    if kind == "licence":
        lic_en, lic_ar = LICENCE_TEXT[rest]
        return (f"Licence is {lic_en}", f"الترخيص {lic_ar}")
    raise KeyError(f"no wording for feature {name!r}")
