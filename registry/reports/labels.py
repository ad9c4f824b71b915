"""English and Arabic labels for every value a report shows: one table, both languages side by side.

Country and month names come from the Unicode CLDR through Babel rather than a list of our own.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

Label = tuple[str, str]

CHANNELS: dict[str, Label] = {
    "web": ("Website", "الموقع الإلكتروني"),
    "hotline": ("Hotline", "الخط الساخن"),
    "walk_in": ("In person", "حضورياً"),
    "embassy": ("Embassy", "السفارة"),
    "ngo": ("NGO", "منظمة غير حكومية"),
    "inspection_referral": ("Inspection referral", "إحالة من التفتيش"),
    "other_authority": ("Other authority", "جهة حكومية أخرى"),
}
STATUSES: dict[str, Label] = {
    "received": ("Received", "مستلمة"),
    "triaged": ("Triaged", "مفروزة"),
    "under_investigation": ("Under investigation", "قيد التحقيق"),
    "substantiated": ("Substantiated", "ثابتة"),
    "unsubstantiated": ("Not substantiated", "غير ثابتة"),
    "closed": ("Closed", "مغلقة"),
}
REPORTERS: dict[str, Label] = {
    "victim": ("Victim", "الضحية"),
    "relative": ("Relative", "قريب"),
    "co_worker": ("Co-worker", "زميل عمل"),
    "ngo": ("NGO", "منظمة غير حكومية"),
    "embassy": ("Embassy", "السفارة"),
    "anonymous": ("Anonymous", "مجهول الهوية"),
}
OUTCOMES: dict[str, Label] = {
    "compliant": ("Compliant", "ملتزمة"),
    "violations_found": ("Violations found", "ضبطت مخالفات"),
    "referred_for_prosecution": ("Referred for prosecution", "أحيلت إلى النيابة"),
    "premises_closed": ("Premises closed", "أغلق المقر"),
    "not_completed": ("Not completed", "لم تكتمل"),
}
VISA_DECISIONS: dict[str, Label] = {
    "clear": ("Clear", "لا مانع"),
    "review": ("Review", "للمراجعة"),
    "refuse": ("Refused", "مرفوض"),
}
LISTING_MOVES: dict[str, Label] = {
    "added": ("Listed", "أدرجت"),
    "expired": ("Expired", "انتهت مدتها"),
    "lifted": ("Lifted", "رفعت"),
}
PILLARS: dict[str, Label] = {
    "prevention": ("Prevention", "الوقاية"),
    "protection": ("Protection", "الحماية"),
    "prosecution": ("Prosecution", "الملاحقة القضائية"),
    "cooperation": ("Cooperation", "التعاون"),
}
UNKNOWN: Label = ("Not stated", "غير محدد")


def label(table: dict[str, Label], key: str | None) -> Label:
    """The label of KEY in TABLE; the key itself when the table does not know it."""
    if key is None or key == "":
        return UNKNOWN
    return table.get(key, (key, key))


@lru_cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def country(code: str | None) -> Label:
    """A country of origin by ISO 3166 code, in English and Arabic."""
    if not code:
        return UNKNOWN
    en, ar = _locale("en").territories.get(code), _locale("ar").territories.get(code)
    return (en or code, ar or code)


def month(number: int) -> Label:
    """A month of the Gregorian calendar, in English and Arabic."""
    return (_locale("en").months["format"]["wide"][number], _locale("ar").months["format"]["wide"][number])
