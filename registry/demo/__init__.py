"""Deterministic demo data: a registry of recruitment businesses, its complaint history, and name mentions.

Everything is seeded and needs no database. The vocabularies are public so tests of the matching engine
can cross-check against them; the matcher itself must never import this package.
"""

from registry.demo.companies import REFERENCE_DATE, generate_companies
from registry.demo.history import generate_history
from registry.demo.mentions import LabelledMention, generate_mentions
from registry.demo.names import ALL_ENTRIES, DISTINCTIVE_WORDS, FAMILY_NAMES, GIVEN_NAMES, NameEntry
from registry.demo.naming import NameParts, arabic_name, english_name, parse_name
from registry.demo.phrases import (
    ACTIVITY_PHRASES,
    LEGAL_FORMS,
    QUALIFIERS,
    ActivityPhrase,
    LegalForm,
    Qualifier,
    phrases_for,
)
from registry.demo.records import (
    CHANNELS,
    LANGUAGES,
    REPORTER_TYPES,
    DemoComplaint,
    DemoFinding,
    DemoHistory,
    DemoInspection,
)
from scoring.events import SEVERITIES, VIOLATION_CODES

__all__ = [
    "ACTIVITY_PHRASES",
    "ALL_ENTRIES",
    "CHANNELS",
    "DISTINCTIVE_WORDS",
    "FAMILY_NAMES",
    "GIVEN_NAMES",
    "LANGUAGES",
    "LEGAL_FORMS",
    "QUALIFIERS",
    "REFERENCE_DATE",
    "REPORTER_TYPES",
    "SEVERITIES",
    "VIOLATION_CODES",
    "ActivityPhrase",
    "DemoComplaint",
    "DemoFinding",
    "DemoHistory",
    "DemoInspection",
    "LabelledMention",
    "LegalForm",
    "NameEntry",
    "NameParts",
    "Qualifier",
    "arabic_name",
    "english_name",
    "generate_companies",
    "generate_history",
    "generate_mentions",
    "parse_name",
    "phrases_for",
]
