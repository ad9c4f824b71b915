"""Company-name matching: normalisation, keys and scoring, free of any database."""

from registry.matching.compare import PairScore, compare
from registry.matching.decide import (
    DEFAULT_THRESHOLDS,
    MATCH,
    NONE,
    REVIEW,
    Candidate,
    MatchResult,
    MatchThresholds,
    decide,
)
from registry.matching.errors import InvalidName
from registry.matching.index import NameIndex
from registry.matching.matcher import Matcher, compare_names
from registry.matching.normalize import detect_script, name_key
from registry.matching.parse import ParsedName, Token, parse_name

__all__ = [
    "DEFAULT_THRESHOLDS",
    "MATCH",
    "NONE",
    "REVIEW",
    "Candidate",
    "InvalidName",
    "MatchResult",
    "MatchThresholds",
    "Matcher",
    "NameIndex",
    "PairScore",
    "ParsedName",
    "Token",
    "compare",
    "compare_names",
    "decide",
    "detect_script",
    "name_key",
    "parse_name",
]
