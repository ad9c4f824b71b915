"""Activity phrases, legal forms and qualifying words of company names, in Arabic and English."""

from __future__ import annotations

from dataclasses import dataclass

from registry.models.company import Activity


@dataclass(frozen=True, slots=True)
class ActivityPhrase:
    """How a name says what the company does, e.g. "للتجارة العامة والمقاولات" / "General Trading"."""

    activity: Activity
    arabic: str
    english: str
    arabic_short: str
    english_short: tuple[str, ...]

    @property
    def arabic_swapped(self) -> str | None:
        """The two halves of a "X and Y" phrase in the other order, as people also write them."""
        head, sep, tail = self.arabic.partition(" وال")
        if not sep:
            return None
        return f"لل{tail} وال{head[2:]}" if head.startswith("لل") else None

    @property
    def english_swapped(self) -> str | None:
        """The English phrase with its "X & Y" halves swapped."""
        head, sep, tail = self.english.partition(" & ")
        return f"{tail} & {head}" if sep else None


@dataclass(frozen=True, slots=True)
class LegalForm:
    """A legal form with its English suffix and its Arabic head noun and suffix."""

    code: str
    english: str
    english_short: str
    arabic_head: str
    arabic_suffix: str

    @property
    def english_head(self) -> str:
        """The noun used when the name is written "Company X for Y"."""
        return {"مكتب": "Office", "مؤسسة": "Establishment"}.get(self.arabic_head, "Company")


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A second word that sets two otherwise equal names apart: International, United, Golden..."""

    english: str
    arabic_feminine: str
    arabic_masculine: str

    def arabic_for(self, head: str) -> str:
        """The Arabic adjective agreeing with the head noun (مكتب is masculine, شركة and مؤسسة feminine)."""
        return self.arabic_masculine if head == "مكتب" else self.arabic_feminine


def _phrase(activity: Activity, arabic: str, english: str, arabic_short: str, *short: str) -> ActivityPhrase:
    return ActivityPhrase(activity, arabic, english, arabic_short, short)


ACTIVITY_PHRASES: tuple[ActivityPhrase, ...] = (
    _phrase(
        Activity.DOMESTIC_LABOUR,
        "لاستقدام العمالة المنزلية",
        "Domestic Labour Recruitment",
        "للعمالة",
        "Dom. Lab. Rec.",
        "Domestic Recruitment",
    ),
    _phrase(Activity.DOMESTIC_LABOUR, "للعمالة المنزلية", "Domestic Workers", "للعمالة", "Dom. Workers"),
    _phrase(
        Activity.DOMESTIC_LABOUR, "لجلب العمالة المنزلية", "Domestic Help Recruitment", "للعمالة", "Dom. Help"
    ),
    _phrase(
        Activity.MANPOWER_SUPPLY, "لتوريد العمالة", "Manpower Supply", "للعمالة", "Manpower", "MP Supply"
    ),
    _phrase(
        Activity.MANPOWER_SUPPLY, "لتوريد القوى العاملة", "Manpower Services", "للعمالة", "Manpower Svcs."
    ),
    _phrase(Activity.MANPOWER_SUPPLY, "لتوريد الأيدي العاملة", "Labour Supply", "للعمالة", "Lab. Supply"),
    _phrase(
        Activity.GENERAL_TRADING_CONTRACTING,
        "للتجارة العامة والمقاولات",
        "General Trading & Contracting",
        "للتجارة",
        "Gen. Trdg. & Contg.",
        "GTC",
        "Gen. Trading & Cont.",
    ),
    _phrase(
        Activity.GENERAL_TRADING_CONTRACTING, "للتجارة العامة", "General Trading", "للتجارة", "Gen. Trdg."
    ),
    _phrase(
        Activity.GENERAL_TRADING_CONTRACTING,
        "للمقاولات العامة",
        "General Contracting",
        "للمقاولات",
        "Gen. Contg.",
    ),
    _phrase(Activity.CLEANING, "للتنظيف", "Cleaning", "للتنظيف", "Clng."),
    _phrase(Activity.CLEANING, "لخدمات التنظيف", "Cleaning Services", "للتنظيف", "Clng. Svcs."),
    _phrase(Activity.CLEANING, "للتنظيف والصيانة", "Cleaning & Maintenance", "للتنظيف", "Clng. & Maint."),
    _phrase(Activity.SECURITY, "لخدمات الحراسة والأمن", "Security & Guarding", "للحراسة", "Security"),
    _phrase(Activity.SECURITY, "للحراسات الأمنية", "Security Guards", "للحراسة", "Sec. Guards"),
    _phrase(Activity.SECURITY, "للخدمات الأمنية", "Security Services", "للحراسة", "Sec. Svcs."),
    _phrase(Activity.OTHER, "للخدمات العامة", "General Services", "للخدمات", "Gen. Svcs."),
    _phrase(Activity.OTHER, "للخدمات الفندقية", "Hospitality Services", "للخدمات", "Hosp. Svcs."),
    _phrase(Activity.OTHER, "للخدمات الإدارية", "Administrative Services", "للخدمات", "Admin. Svcs."),
)

LEGAL_FORMS: tuple[LegalForm, ...] = (
    LegalForm("W.L.L.", "Co. W.L.L.", "Co WLL", "شركة", "ذ.م.م"),
    LegalForm("K.S.C.C.", "Co. K.S.C.C.", "KSCC", "شركة", "ش.م.ك.م"),
    LegalForm("K.S.C.", "Co. K.S.C.", "KSC", "شركة", "ش.م.ك"),
    LegalForm("S.P.C.", "Co. S.P.C.", "SPC", "شركة", "ش.ش.و"),
    LegalForm("Est.", "Est.", "Est", "مؤسسة", ""),
    LegalForm("Co.", "Co.", "Co", "شركة", ""),
    LegalForm("Office", "Office", "Ofc", "مكتب", ""),
)

QUALIFIERS: tuple[Qualifier, ...] = (
    Qualifier("International", "الدولية", "الدولي"),
    Qualifier("United", "المتحدة", "المتحد"),
    Qualifier("Modern", "الحديثة", "الحديث"),
    Qualifier("Golden", "الذهبية", "الذهبي"),
    Qualifier("New", "الجديدة", "الجديد"),
    Qualifier("First", "الأولى", "الأول"),
    Qualifier("Gulf", "الخليجية", "الخليجي"),
    Qualifier("Arabian", "العربية", "العربي"),
    Qualifier("Kuwaiti", "الكويتية", "الكويتي"),
    Qualifier("National", "الوطنية", "الوطني"),
    Qualifier("Global", "العالمية", "العالمي"),
    Qualifier("Distinguished", "المتميزة", "المتميز"),
    Qualifier("Comprehensive", "الشاملة", "الشامل"),
    Qualifier("Integrated", "المتكاملة", "المتكامل"),
    Qualifier("Advanced", "المتطورة", "المتطور"),
    Qualifier("Eastern", "الشرقية", "الشرقي"),
)

FORMS_BY_CODE: dict[str, LegalForm] = {form.code: form for form in LEGAL_FORMS}


def phrases_for(activity: Activity) -> tuple[ActivityPhrase, ...]:
    """The activity phrases that name companies of ACTIVITY."""
    return tuple(p for p in ACTIVITY_PHRASES if p.activity is activity)
