"""The registered names as numbered slots, and the companies they belong to with their legal forms."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import or_

from registry.matching.decide import FORM_AGREES, FORM_COMPATIBLE, FORM_DIFFERS
from registry.matching.lines import Lines, lines_of
from registry.matching.parse import ENTITY_FORMS, Token

COMPANY = "company"


@dataclass(frozen=True, slots=True)
class Name:
    """One registered name: its text and script, content tokens (and their numbers), legal forms."""

    name_id: int
    company: int
    text: str
    script: str
    form: str
    legal: tuple[str, ...]
    content: tuple[Token, ...]
    tids: tuple[int, ...]
    # keys.word_keys of the content: what a mention must hold to cover the name's distinctive words.
    keys: frozenset[str] = frozenset()
    # keys.exact_key of the content, kept so that a lookup need not sort the words again.
    exact: tuple[str, ...] = ()


class NameStore:
    """Names by slot (freed slots are reused) and companies by number, with each company's names."""

    def __init__(self) -> None:
        self._names: list[Name | None] = []
        self._slot_of: dict[int, int] = {}
        self._free: list[int] = []
        self._company_of: dict[str, int] = {}
        self.company_keys: list[str] = []
        self._company_names: list[list[int]] = []
        self._company_forms: list[Counter[str]] = []
        # Derived per company and read by every lookup; forgotten when the company's names change.
        self._principal: dict[int, str] = {}
        self._script_keys: dict[tuple[int, str], frozenset[str]] = {}
        self._lines: dict[int, Lines] = {}
        # The company of each slot, kept apart for the tight loops that only need it.
        self.company_of_slot = array("l")

    def __len__(self) -> int:
        """The number of names stored."""
        return len(self._slot_of)

    def __contains__(self, name_id: object) -> bool:
        """True if a name with this id is stored."""
        return name_id in self._slot_of

    @property
    def company_count(self) -> int:
        """The number of companies with at least one name."""
        return sum(1 for names in self._company_names if names)

    def company(self, key: str) -> int:
        """The number of company KEY, numbering it if new."""
        company = self._company_of.get(key)
        if company is None:
            company = self._company_of[key] = len(self.company_keys)
            self.company_keys.append(key)
            self._company_names.append([])
            self._company_forms.append(Counter())
        return company

    def add(self, name: Name) -> int:
        """Store NAME (its id must be new) and return its slot."""
        slot = self._free.pop() if self._free else len(self._names)
        if slot == len(self._names):
            self._names.append(name)
            self.company_of_slot.append(name.company)
        else:
            self._names[slot] = name
            self.company_of_slot[slot] = name.company
        self._slot_of[name.name_id] = slot
        self._company_names[name.company].append(slot)
        self._company_forms[name.company][name.form] += 1
        self._forget(name)
        return slot

    def pop(self, name_id: int) -> tuple[int, Name]:
        """Take name NAME_ID out and return its former slot and the name; KeyError if not stored."""
        slot = self._slot_of.pop(name_id)
        name = self[slot]
        self._company_names[name.company].remove(slot)
        self._company_forms[name.company][name.form] -= 1
        self._names[slot] = None
        self._free.append(slot)
        self._forget(name)
        return slot, name

    def _forget(self, name: Name) -> None:
        self._principal.pop(name.company, None)
        self._script_keys.pop((name.company, name.script), None)
        self._lines.pop(name.company, None)

    def __getitem__(self, slot: int) -> Name:
        """The name in SLOT."""
        name = self._names[slot]
        if name is None:
            raise KeyError(slot)
        return name

    def other_keys(self, name: Name) -> frozenset[str]:
        """Distinctive words of the company's other names in NAME's script that NAME lacks.

        A trade name often leaves out a qualifier or given name of the official one ("Al-Othman MP
        Supply" of "Al-Othman Gulf Manpower Supply Co."); matching it says less about the company.
        """
        known = (name.company, name.script)
        keys = self._script_keys.get(known)
        if keys is None:
            names = (self[slot] for slot in self._company_names[name.company])
            keys = self._script_keys[known] = frozenset().union(
                *(other.keys for other in names if other.script == name.script)
            )
        return keys - name.keys

    def company_lines(self, company: int) -> Lines:
        """The lines of business the company's names state, in either script."""
        lines = self._lines.get(company)
        if lines is None:
            names = (lines_of(self[slot].content) for slot in self._company_names[company])
            lines = self._lines[company] = reduce(or_, names, Lines())
        return lines

    def principal_form(self, company: int) -> str:
        """The legal form most of a company's names state (a specific one such as W.L.L. on a tie)."""
        principal = self._principal.get(company)
        if principal is None:
            stated = [
                (count, form not in ENTITY_FORMS, form)
                for form, count in self._company_forms[company].items()
                if form and count > 0
            ]
            principal = self._principal[company] = max(stated)[2] if stated else ""
        return principal

    def form_fit(self, mention_form: str, company: int) -> str:
        """How the legal form a mention states fits a company's: agrees, compatible, differs or ""."""
        principal = self.principal_form(company)
        if not mention_form or not principal:
            return ""
        if mention_form == principal:
            return FORM_AGREES
        # "Co." alone is how a W.L.L. or a K.S.C.C. is often written.
        if mention_form == COMPANY and principal not in ENTITY_FORMS:
            return FORM_COMPATIBLE
        return FORM_DIFFERS
