"""Officers, civil IDs, phone numbers and addresses of demo companies."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TypedDict

from registry.demo.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, NameEntry
from registry.demo.sampling import Weighted, below, integer, one_of
from registry.models.company import Governorate
from registry.models.officer import OfficerRole

AREAS: dict[Governorate, tuple[str, ...]] = {
    Governorate.CAPITAL: ("Sharq", "Qibla", "Mirqab", "Shuwaikh", "Dasma", "Kaifan"),
    Governorate.HAWALLI: ("Hawalli", "Salmiya", "Jabriya", "Rumaithiya", "Salwa", "Bayan"),
    Governorate.FARWANIYA: ("Farwaniya", "Khaitan", "Jleeb Al-Shuyoukh", "Ardiya", "Abraq Khaitan", "Rabiya"),
    Governorate.MUBARAK_AL_KABEER: ("Sabah Al-Salem", "Qurain", "Adan", "Mubarak Al-Kabeer", "Qusour"),
    Governorate.AHMADI: ("Fahaheel", "Mangaf", "Mahboula", "Abu Halifa", "Ahmadi", "Fintas"),
    Governorate.JAHRA: ("Jahra", "Saad Al-Abdullah", "Naeem", "Qasr", "Taima"),
}

# Expatriate managers are common; their names come from their own naming traditions.
_FOREIGN_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "EG": (
        ("Mahmoud", "Mostafa", "Tarek", "Hany", "Ayman", "Sherif"),
        ("Hassan", "El-Sayed", "Mansour", "Fathy"),
    ),
    "IN": (
        ("Rajesh", "Suresh", "Anil", "Joseph", "Thomas", "Shafeeq"),
        ("Nair", "Kumar", "Pillai", "Varghese"),
    ),
    "JO": (("Omar", "Bassam", "Rami", "Ziad", "Khaled"), ("Haddad", "Khoury", "Nasser", "Obeidat")),
    "LB": (("Georges", "Rabih", "Fadi", "Wissam"), ("Khoury", "Haddad", "Saab", "Aoun")),
}
_EXTRA_OFFICERS = Weighted({0: 45, 1: 40, 2: 15})
_MANAGER_NATIONALITY = ("KW", "KW", "KW", "EG", "EG", "IN", "IN", "JO", "LB")


class OfficerData(TypedDict):
    """An officer as OfficerIn takes it; CompanyCreate validates it with the company in one pass."""

    full_name: str
    role: OfficerRole
    id_number: str
    nationality: str


class IdentityPool:
    """Hands out civil IDs and phone numbers that no other demo entity holds, unless shared on purpose."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._civil_ids: set[str] = set()
        self._phones: set[str] = set()

    def civil_id(self, born: date) -> str:
        """A 12-digit civil ID: century digit, birth date YYMMDD, then a serial, as Kuwait issues them."""
        century = "2" if born.year < 2000 else "3"
        while True:
            serial = below(self._rng, 100_000)
            candidate = f"{century}{born.year % 100:02d}{born.month:02d}{born.day:02d}{serial:05d}"
            if candidate not in self._civil_ids:
                self._civil_ids.add(candidate)
                return candidate

    def phone(self, *, landline: bool) -> str:
        """A Kuwaiti number (landlines start with 2, mobiles with 5, 6 or 9), written as people write it."""
        while True:
            digits = f"{'2' if landline else one_of(self._rng, '569')}{below(self._rng, 10_000_000):07d}"
            if digits not in self._phones:
                self._phones.add(digits)
                return _written_phone(self._rng, digits)


def _written_phone(rng: random.Random, digits: str) -> str:
    style = below(rng, 4)
    if style == 0:
        return digits
    if style == 1:
        return f"{digits[:4]} {digits[4:]}"
    if style == 2:
        return f"+965 {digits}"
    return f"00965-{digits[:4]}-{digits[4:]}"


def birth_date(rng: random.Random, first_year: int = 1950, last_year: int = 1998) -> date:
    """A birth date of an adult officer."""
    start = date(first_year, 1, 1)
    return start + timedelta(days=below(rng, (date(last_year, 12, 31) - start).days))


def kuwaiti_name(rng: random.Random, family: NameEntry, given: NameEntry | None = None) -> str:
    """A Kuwaiti full name: given name, father's name, family name."""
    if given is None:
        given = one_of(rng, FEMALE_GIVEN_NAMES) if rng.random() < 0.12 else one_of(rng, MALE_GIVEN_NAMES)
    father = one_of(rng, MALE_GIVEN_NAMES)
    if father == given:
        father = MALE_GIVEN_NAMES[(MALE_GIVEN_NAMES.index(father) + 1) % len(MALE_GIVEN_NAMES)]
    return f"{given.canonical} {father.canonical} {family.canonical}"


def officer(
    rng: random.Random,
    pool: IdentityPool,
    role: OfficerRole,
    family: NameEntry,
    given: NameEntry | None = None,
) -> OfficerData:
    """A new officer with a fresh civil ID; owners and partners are Kuwaiti, managers often not."""
    nationality = (
        "KW" if role in (OfficerRole.OWNER, OfficerRole.PARTNER) else one_of(rng, _MANAGER_NATIONALITY)
    )
    if nationality == "KW":
        full_name = kuwaiti_name(
            rng, family if given or rng.random() < 0.85 else one_of(rng, FAMILY_NAMES), given
        )
    else:
        first, last = _FOREIGN_NAMES[nationality]
        own, father = rng.sample(first, 2)
        full_name = f"{own} {father} {one_of(rng, last)}"
    civil_id = pool.civil_id(birth_date(rng))
    return {"full_name": full_name, "role": role, "id_number": civil_id, "nationality": nationality}


def officers_for(
    rng: random.Random, pool: IdentityPool, family: NameEntry, given: NameEntry | None
) -> list[OfficerData]:
    """One to three officers: an owner, sometimes a partner, a manager or a signatory."""
    people = [officer(rng, pool, OfficerRole.OWNER, family, given)]
    extra_roles = (OfficerRole.PARTNER, OfficerRole.MANAGER, OfficerRole.MANAGER, OfficerRole.SIGNATORY)
    for _ in range(_EXTRA_OFFICERS.pick(rng)):
        people.append(officer(rng, pool, one_of(rng, extra_roles), family))
    return people


def address(rng: random.Random, governorate: Governorate) -> str:
    """A plausible Kuwaiti address: block, street, building, area."""
    area = one_of(rng, AREAS[governorate])
    place = (
        f"Block {integer(rng, 1, 12)}, Street {integer(rng, 1, 150)}, Building {integer(rng, 1, 80)}, {area}"
    )
    if rng.random() < 0.35:
        return f"Floor {integer(rng, 1, 12)}, Office {integer(rng, 1, 40)}, {place}"
    return place
