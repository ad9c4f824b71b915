"""Scoring two names by aligning their tokens: distinctive words weigh most, legal forms not at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from registry.matching.parse import (
    ACTIVITY,
    DESCRIPTOR,
    DISTINCTIVE,
    NUMBER,
    ParsedName,
    Token,
    parse_name,
)
from registry.matching.sound import skeleton, sound_similarity

TokenSimilarity = Callable[[Token, Token], float]

# What a word is worth: a proper noun identifies a company, an activity word only narrows it down.
WEIGHTS = {DISTINCTIVE: 1.0, NUMBER: 1.0, DESCRIPTOR: 0.6, ACTIVITY: 0.35}
# A mention often leaves out words of the registered name ("Al-Mutairi Trading" for "Al-Mutairi
# General Trading & Contracting"), so a registered word missing from the mention costs less than
# a mention word missing from the registered name.
OMITTED = {DISTINCTIVE: 0.6, NUMBER: 1.0, DESCRIPTOR: 0.5, ACTIVITY: 0.45}
# Comparing two names with no mention side: a word missing from either costs this much.
SYMMETRIC = {DISTINCTIVE: 0.8, NUMBER: 1.0, DESCRIPTOR: 0.55, ACTIVITY: 0.45}
_FULL = dict.fromkeys(WEIGHTS, 1.0)
MIN_TOKEN_SIMILARITY = 0.7
STRONG_TOKEN_SIMILARITY = 0.85
# Two named activities with nothing in common (cleaning vs trading) mean two businesses.
ACTIVITY_CONFLICT_FACTOR = 0.85
_WEAK_ACTIVITIES = frozenset(
    {
        "general",
        "services",
        "group",
        "holding",
        "projects",
        "solutions",
        "systems",
        "center",
        "development",
        "management",
        "agencies",
    }
)

# "Co.", "Est.", "Office" say what kind of business it is, not its legal form.
_ENTITY_WORDS = frozenset({"company", "establishment", "office", "agency"})


@dataclass(frozen=True, slots=True)
class PairScore:
    """How alike two names are, in [0, 1], with the reasons a person can check."""

    score: float
    reasons: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    strong: bool = False


@dataclass(frozen=True, slots=True)
class _Pair:
    i: int
    j: int
    query: Token
    cand: Token
    similarity: float


def token_similarity(a: Token, b: Token) -> float:
    """How likely two tokens are the same word, across spellings, scripts and translation."""
    if a.text == b.text:
        return 1.0
    if NUMBER in (a.kind, b.kind):
        return 0.0
    if a.concept and b.concept and a.kind != DISTINCTIVE and b.kind != DISTINCTIVE:
        # Two glossary words: the same concept in any language, or different words.
        return 1.0 if a.concept == b.concept else 0.0
    best = 0.0
    for form_a, sound_a in zip(a.forms, a.sounds, strict=True):
        for form_b, sound_b in zip(b.forms, b.sounds, strict=True):
            if form_a == form_b:
                return 0.97
            by_sound = sound_similarity(sound_a, sound_b, left_arabic=a.arabic, right_arabic=b.arabic)
            if a.arabic == b.arabic:
                # In one script the vowels are written on both sides, so they must agree too.
                spelling = fuzz.ratio(form_a, form_b) / 100.0
                by_sound = max(spelling, min(by_sound, 0.6 + 0.4 * spelling))
            best = max(best, by_sound)
    return best


def _align(query: Sequence[Token], cand: Sequence[Token], similarity: TokenSimilarity) -> list[_Pair]:
    """Greedy one-to-one alignment, best pairs first; pairs below MIN_TOKEN_SIMILARITY are left out."""
    pairs: list[tuple[float, float, int, int]] = []
    for i, q in enumerate(query):
        for j, c in enumerate(cand):
            s = similarity(q, c)
            if s >= MIN_TOKEN_SIMILARITY:
                pairs.append((s, WEIGHTS[q.kind] + WEIGHTS[c.kind], i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[_Pair] = []
    for s, _, i, j in pairs:
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            out.append(_Pair(i, j, query[i], cand[j], s))
    return out


def _conflict(query: Sequence[Token], cand: Sequence[Token]) -> tuple[str, str] | None:
    """The two activities when both names name core activities and share none."""
    left = {t.concept for t in query if t.kind == ACTIVITY} - _WEAK_ACTIVITIES
    right = {t.concept for t in cand if t.kind == ACTIVITY} - _WEAK_ACTIVITIES
    if left and right and not left & right:
        return ", ".join(sorted(left)), ", ".join(sorted(right))
    return None


def _pair_reason(pair: _Pair) -> str:
    q, c = pair.query, pair.cand
    if q.kind in (ACTIVITY, DESCRIPTOR) and q.concept and q.concept == c.concept:
        return f"{q.kind} '{q.concept.replace('_', ' ')}' matches"
    if q.text == c.text:
        return f"distinctive word '{q.text}' matches"
    if q.arabic != c.arabic:
        return f"word '{q.text}' matches '{c.text}' (skeleton {skeleton(q.sounds[-1])})"
    return f"word '{q.text}' ~ '{c.text}' ({pair.similarity:.2f})"


def score_tokens(
    query: Sequence[Token],
    cand: Sequence[Token],
    similarity: TokenSimilarity = token_similarity,
    omitted: dict[str, float] | None = None,
) -> PairScore:
    """Score content tokens of a mention against a registered name; OMITTED=None compares symmetrically."""
    pairs = _align(query, cand, similarity)
    matched_q = {p.i for p in pairs}
    matched_c = {p.j for p in pairs}
    extra_factor = SYMMETRIC if omitted is None else _FULL
    omit_factor = SYMMETRIC if omitted is None else omitted
    weights = [max(WEIGHTS[p.query.kind], WEIGHTS[p.cand.kind]) for p in pairs]
    found = sum(p.similarity * w for p, w in zip(pairs, weights, strict=True))
    lost = sum((1.0 - p.similarity) * w for p, w in zip(pairs, weights, strict=True))
    extra = [t for i, t in enumerate(query) if i not in matched_q]
    missing = [t for j, t in enumerate(cand) if j not in matched_c]
    lost += sum(WEIGHTS[t.kind] * extra_factor[t.kind] for t in extra)
    lost += sum(WEIGHTS[t.kind] * omit_factor[t.kind] for t in missing)
    score = found / (found + lost) if found > 0 else 0.0
    reasons = [_pair_reason(p) for p in pairs]
    conflict = _conflict(query, cand)
    if conflict:
        score *= ACTIVITY_CONFLICT_FACTOR
        reasons.append(f"activity differs ({conflict[0]} vs {conflict[1]})")
    reasons += [f"'{t.text}' not in the registered name" for t in extra if t.kind != ACTIVITY]
    strong = [p for p in pairs if p.similarity >= STRONG_TOKEN_SIMILARITY and p.query.kind != ACTIVITY]
    evidence = tuple(sorted(p.query.text for p in strong))
    return PairScore(round(score, 4), tuple(reasons), evidence, bool(strong))


def script_reasons(query: ParsedName, cand: ParsedName) -> list[str]:
    """Notes on legal forms and scripts that the score leaves aside on purpose."""
    reasons: list[str] = []
    left, right = set(query.legal_forms) - _ENTITY_WORDS, set(cand.legal_forms) - _ENTITY_WORDS
    if left and right and not left & right:
        shown = "/".join(sorted(left)).upper(), "/".join(sorted(right)).upper()
        reasons.append(f"legal form differs ({shown[0]} vs {shown[1]}) — ignored")
    names = {"arabic": "Arabic", "latin": "English"}
    if {query.script, cand.script} == {"arabic", "latin"}:
        reasons.append(f"cross-script: {names[query.script]} mention vs {names[cand.script]} registered name")
    return reasons


def compare(name1: str | ParsedName, name2: str | ParsedName) -> PairScore:
    """Score two names symmetrically; raise InvalidName if either is not a name."""
    left = name1 if isinstance(name1, ParsedName) else parse_name(name1)
    right = name2 if isinstance(name2, ParsedName) else parse_name(name2)
    result = score_tokens(left.content, right.content)
    return PairScore(
        result.score, result.reasons + tuple(script_reasons(left, right)), result.evidence, result.strong
    )
