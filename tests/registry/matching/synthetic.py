"""A synthetic Kuwaiti registry and complaint mentions, for tests, threshold choice and benchmarks.

The transliterations here are drawn independently of the matcher's own sound rules: each Arabic
letter becomes one of the spellings people use for it, with random short vowels between consonants.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILIES = [
    ("المطيري", ["Al-Mutairi", "Almutairi", "Al Mutairy", "El Mutairi", "Al-Mutery"]),
    ("العتيبي", ["Al-Otaibi", "Al Otaibi", "Alotaibi", "Al-Oteibi"]),
    ("القحطاني", ["Al-Qahtani", "Al Kahtani", "Alqahtani"]),
    ("الدوسري", ["Al-Dawsari", "Ad Dawsari", "Al Dosari", "Aldosari"]),
    ("العجمي", ["Al-Ajmi", "Al Ajmy", "Alajmi"]),
    ("الرشيدي", ["Al-Rashidi", "Ar Rashidi", "Al Rasheedi", "Alrashidi"]),
    ("الشمري", ["Al-Shammari", "Al Shemmari", "Alshammari", "Ash Shammari"]),
    ("العنزي", ["Al-Enezi", "Al Anazi", "Al-Enizi", "Alenezi"]),
    ("الهاجري", ["Al-Hajri", "Al Hajeri", "Alhajri"]),
    ("بهبهاني", ["Behbehani", "Bahbahani", "Behbahani"]),
    ("الغانم", ["Al-Ghanim", "Alghanim", "Al Ghanem"]),
    ("الخرافي", ["Al-Kharafi", "Alkharafi", "Al Kharafy"]),
    ("الصقر", ["Al-Saqer", "Al Saqr", "Alsaqer", "As Saqer"]),
    ("البحر", ["Al-Bahar", "Al Bahr", "Albahar"]),
    ("الشايع", ["Al-Shaya", "Alshaya", "Al Shaye"]),
    ("المرزوق", ["Al-Marzouq", "Al Marzook", "Almarzouq"]),
    ("القطامي", ["Al-Qatami", "Al Kattami", "Alqatami"]),
    ("الساير", ["Al-Sayer", "Alsayer", "As Sayer"]),
    ("بودي", ["Boodai", "Boudai", "Bodai"]),
    ("الفليج", ["Al-Fulaij", "Al Fulaij", "Alfulaij"]),
    ("الحساوي", ["Al-Hasawi", "Al Hassawi", "Alhasawi"]),
    ("الكندري", ["Al-Kandari", "Al Kanderi", "Alkandari"]),
    ("العوضي", ["Al-Awadhi", "Al Awadi", "Alawadhi"]),
    ("الفضلي", ["Al-Fadhli", "Al Fadli", "Alfadhli"]),
    ("الصباح", ["Al-Sabah", "As-Sabah", "Alsabah"]),
    ("النصف", ["Al-Nisf", "An Nisf", "Alnisf"]),
    ("الوزان", ["Al-Wazzan", "Al Wazan", "Alwazzan"]),
    ("معرفي", ["Marafie", "Ma'rafi", "Maarafi"]),
    ("دشتي", ["Dashti", "Dashty", "Dashtee"]),
    ("حيدر", ["Haidar", "Hayder", "Haider"]),
]
GIVEN = [
    ("عبدالله", ["Abdullah", "Abdulla", "Abd Allah"]),
    ("محمد", ["Mohammed", "Mohamed", "Muhammad"]),
    ("فهد", ["Fahad", "Fahd"]),
    ("خالد", ["Khaled", "Khalid"]),
    ("سعود", ["Saud", "Saoud"]),
    ("ناصر", ["Nasser", "Naser"]),
    ("عبدالرحمن", ["Abdulrahman", "Abdul Rahman", "Abdel Rahman"]),
    ("يوسف", ["Yousef", "Yousif", "Yusuf"]),
    ("جاسم", ["Jassim", "Jasem", "Jassem"]),
    ("بدر", ["Bader", "Badr"]),
    ("طلال", ["Talal"]),
    ("مشعل", ["Meshal", "Mishal"]),
]
ACTIVITIES = [
    (
        "للتجارة العامة والمقاولات",
        ["General Trading & Contracting", "Gen. Trdg. & Contg.", "General Trading and Contracting"],
    ),
    ("للتجارة العامة", ["General Trading", "Gen Trading", "General Trdg"]),
    ("للتنظيف", ["Cleaning", "Cleaning Services"]),
    ("لخدمات التنظيف", ["Cleaning Services", "Cleaning Svcs"]),
    (
        "لاستقدام العمالة المنزلية",
        ["Domestic Labour Recruitment", "Domestic Workers Recruitment", "Dom. Labour Recruitment"],
    ),
    ("للقوى العاملة", ["Manpower", "Manpower Services", "Man Power"]),
    ("للحراسة والأمن", ["Security & Guarding", "Security Services", "Guarding and Security"]),
    ("للصيانة", ["Maintenance", "Maintenance Services"]),
    ("للنقل", ["Transport", "Transportation"]),
    ("للتموين", ["Catering", "Catering Services"]),
    ("للاستيراد والتصدير", ["Import & Export", "Import and Export"]),
    ("العقارية", ["Real Estate", "Properties"]),
    ("للمقاولات", ["Contracting", "Contractors", "Contg."]),
    ("للخدمات الفنية", ["Technical Services"]),
]
DESCRIPTORS = [
    ("الذهبية", "Golden"),
    ("الوطنية", "National"),
    ("الدولية", "International"),
    ("الحديثة", "Modern"),
    ("المتحدة", "United"),
    ("الخليجية", "Gulf"),
    ("النجمة", "Star"),
]
ARABIC_LEGAL = ["", "ذ.م.م", "ش.م.ك.م", "ش.ش.و"]
ENGLISH_LEGAL = ["Co.", "Co. W.L.L.", "Company", "Est.", "K.S.C.C.", "W.L.L.", "Co. S.P.C."]
ARABIC_KIND = ["شركة", "مؤسسة", "مكتب"]

_LETTERS = {
    "ب": ["b"],
    "ت": ["t"],
    "ث": ["th", "s"],
    "ج": ["j", "g"],
    "ح": ["h"],
    "خ": ["kh"],
    "د": ["d"],
    "ذ": ["dh", "z"],
    "ر": ["r"],
    "ز": ["z"],
    "س": ["s"],
    "ش": ["sh"],
    "ص": ["s"],
    "ض": ["dh", "d"],
    "ط": ["t"],
    "ظ": ["dh", "z"],
    "ع": ["a", "'"],
    "غ": ["gh"],
    "ف": ["f"],
    "ق": ["q", "k", "g"],
    "ك": ["k"],
    "ل": ["l"],
    "م": ["m"],
    "ن": ["n"],
    "ه": ["h"],
}
_LONG = {"ا": ["a", "aa"], "و": ["o", "ou", "oo", "u"], "ي": ["i", "ee", "ei"]}
_CONSONANTS = list(_LETTERS)


@dataclass(frozen=True)
class Company:
    """A synthetic company: its key and its names."""

    key: str
    names: tuple[str, ...]
    english: str
    arabic: str
    identity: tuple[str, str]


def _brand_arabic(rng: random.Random) -> str:
    letters = [rng.choice(_CONSONANTS) for _ in range(rng.randint(3, 5))]
    letters.insert(rng.randint(1, len(letters) - 1), rng.choice("اوي"))
    return "".join(letters)


def transliterate(arabic: str, rng: random.Random) -> str:
    """One plausible Latin spelling of a synthetic Arabic word."""
    out: list[str] = []
    for i, char in enumerate(arabic):
        if char in _LONG:
            out.append(rng.choice(_LONG[char]))
            continue
        out.append(rng.choice(_LETTERS.get(char, [""])))
        following = arabic[i + 1] if i + 1 < len(arabic) else ""
        if following and following not in _LONG and rng.random() < 0.8:
            out.append(rng.choice("aeiu"))
    return "".join(out).capitalize()


def _identity(rng: random.Random) -> tuple[str, str, str, str]:
    """Arabic and Latin spellings of a company's distinctive part, and of its activity."""
    family_ar, family_en = rng.choice(FAMILIES)
    brand_ar = _brand_arabic(rng)
    brand_en = transliterate(brand_ar, rng)
    shape = rng.random()
    if shape < 0.35:
        given_ar, given_en = rng.choice(GIVEN)
        distinct_ar, distinct_en = f"{given_ar} {family_ar}", f"{given_en[0]} {family_en[0]}"
    elif shape < 0.55:
        desc_ar, desc_en = rng.choice(DESCRIPTORS)
        distinct_ar, distinct_en = f"{brand_ar} {desc_ar}", f"{desc_en} {brand_en}"
    elif shape < 0.7:
        distinct_ar, distinct_en = f"{brand_ar} {family_ar}", f"{brand_en} {family_en[0]}"
    else:
        distinct_ar, distinct_en = f"ال{brand_ar}", f"Al-{brand_en}"
    activity_ar, activity_en = rng.choice(ACTIVITIES)
    return distinct_ar, distinct_en, activity_ar, activity_en[0]


def make_registry(companies: int, seed: int = 7) -> list[Company]:
    """COMPANIES synthetic companies, each with an English name, an Arabic name or both, some an alias."""
    rng = random.Random(seed)
    out: list[Company] = []
    taken: set[tuple[str, str]] = set()
    for number in range(companies):
        distinct_ar, distinct_en, activity_ar, activity_en = _identity(rng)
        while (distinct_ar, activity_ar) in taken:
            distinct_ar, distinct_en, activity_ar, activity_en = _identity(rng)
        taken.add((distinct_ar, activity_ar))
        english = f"{distinct_en} {activity_en} {rng.choice(ENGLISH_LEGAL)}"
        arabic = f"{rng.choice(ARABIC_KIND)} {distinct_ar} {activity_ar} {rng.choice(ARABIC_LEGAL)}".strip()
        roll = rng.random()
        names = (english,) if roll < 0.2 else (arabic,) if roll < 0.3 else (english, arabic)
        if rng.random() < 0.4:
            names += (f"{distinct_en} {activity_en}",)
        out.append(Company(f"KW-{number:06d}", names, english, arabic, (distinct_ar, activity_ar)))
    return out


def name_rows(registry: list[Company]) -> list[tuple[int, str, str]]:
    """(name_id, company_key, text) rows of a registry."""
    rows: list[tuple[int, str, str]] = []
    for company in registry:
        rows.extend((len(rows) + 1, company.key, name) for name in company.names)
    return rows


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(2, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


def mention_of(company: Company, rng: random.Random) -> str:
    """A realistic complaint mention of COMPANY: another spelling, script, legal form or abbreviation."""
    roll = rng.random()
    if roll < 0.3:
        base = company.arabic
        return base.replace("ذ.م.م", "").replace("شركة", rng.choice(["شركه", "شركة", ""])).strip()
    words = company.english.split()
    for family_ar, spellings in FAMILIES:
        for spelling in spellings:
            if spelling in company.english and family_ar:
                words = company.english.replace(spelling, rng.choice(spellings)).split()
    legal = {w for form in ENGLISH_LEGAL for w in form.split()}
    if rng.random() < 0.6:
        words = [w for w in words if w not in legal]
    if rng.random() < 0.15:
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = _typo(words[longest], rng)
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.upper()
    return text


def negative_mention(rng: random.Random, taken: set[tuple[str, str]]) -> str:
    """A mention of a company that is not in a registry whose identities are TAKEN."""
    distinct_ar, distinct_en, activity_ar, activity_en = _identity(rng)
    while (distinct_ar, activity_ar) in taken:
        distinct_ar, distinct_en, activity_ar, activity_en = _identity(rng)
    if rng.random() < 0.4:
        return f"شركة {distinct_ar} {activity_ar}"
    return f"{distinct_en} {activity_en}"
