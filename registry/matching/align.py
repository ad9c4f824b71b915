"""Aligning a mention's words with a registered name's: pairs, words left over, and the score.

The score is the weighted share of matched words: found / (found + lost), where a proper noun
weighs most and an activity word little, then lowered for each kind of word the two names hold
different ones of (a substitution is stronger evidence of two entities than a word left out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import NamedTuple

from registry.matching.lines import contradict
from registry.matching.parse import ACTIVITY, DESCRIPTOR, DISTINCTIVE, GENERIC, NUMBER, Token
from registry.matching.similarity import MIN_TOKEN_SIMILARITY, STRONG_TOKEN_SIMILARITY, token_similarity
from registry.matching.sound import skeleton

TokenSimilarity = Callable[[Token, Token], float]
Matrix = Sequence[Sequence[float]]

# What a word is worth: a proper noun identifies a company, an activity word only narrows it down.
WEIGHTS = {DISTINCTIVE: 1.0, NUMBER: 1.0, DESCRIPTOR: 0.6, ACTIVITY: 0.35, GENERIC: 0.15}
# A mention often leaves out activity words of the registered name ("Al-Mutairi Trading" for
# "Al-Mutairi General Trading & Contracting"), so those cost less when missing from the mention than
# a mention word missing from the registered name. A qualifier or a given name left out costs almost
# as much: in a registry "Al-Mutairi Golden ..." and "Al-Mutairi ..." are often two companies.
OMITTED = {DISTINCTIVE: 0.8, NUMBER: 1.0, DESCRIPTOR: 0.9, ACTIVITY: 0.45, GENERIC: 0.45}
# Comparing two names with no mention side: a word missing from either costs this much.
SYMMETRIC = {DISTINCTIVE: 0.8, NUMBER: 1.0, DESCRIPTOR: 0.55, ACTIVITY: 0.45, GENERIC: 0.45}
# A word in the mention that the registered name lacks: writers drop words far more often than they
# add them, so an added qualifier or proper noun ("Al-Saeedi Golden Cleaning" for "Al-Saeedi
# Cleaning") points to another company.
EXTRA = {DISTINCTIVE: 2.0, NUMBER: 2.0, DESCRIPTOR: 2.0, ACTIVITY: 1.0, GENERIC: 0.5}
# A word in one name where the other has a different word of the same kind is a substitution,
# stronger evidence of two entities than a word left out: two lines of business (cleaning vs
# trading), two numbers (Fund IV vs Fund V), two qualifiers (Golden vs National), two proper nouns.
SUBSTITUTION_FACTORS = {ACTIVITY: 0.8, NUMBER: 0.7, DESCRIPTOR: 0.85, DISTINCTIVE: 0.85, "order": 0.85}
# Proper nouns matched in the opposite order name other people: "Bader Al-Hamad" is not
# "Hamad Al-Bader". Writers reorder a name's activity and its proper nouns, never the proper nouns.
ORDER = "order"
CLEAR_SIMILARITY = 0.9
BELOW_CLEAR_SLOPE = 1.0
ACRONYM_SIMILARITY = 0.9
_ACRONYM_LENGTHS = range(2, 7)


# Named tuples: an index lookup builds dozens of these, and a frozen dataclass costs five times more.
class Pair(NamedTuple):
    """A mention word aligned with a registered word, and how alike they are."""

    query: Token
    cand: Token
    similarity: float


class Alignment(NamedTuple):
    """Aligned word pairs of a mention and a name, the words left over on each side, and the score."""

    pairs: tuple[Pair, ...]
    extra: tuple[Token, ...]
    missing: tuple[Token, ...]
    score: float
    substitutions: tuple[str, ...] = ()

    @property
    def evidence(self) -> tuple[str, ...]:
        """The mention's words that match strongly, sorted: what the match rests on."""
        return tuple(sorted({p.query.text for p in self.pairs if p.similarity >= STRONG_TOKEN_SIMILARITY}))

    @property
    def strong(self) -> bool:
        """True if a word other than an activity matches strongly."""
        return any(
            p.similarity >= STRONG_TOKEN_SIMILARITY and p.query.kind not in (ACTIVITY, GENERIC)
            for p in self.pairs
        )


def _align_pairs(query: Sequence[Token], cand: Sequence[Token], sims: Matrix) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment, best pairs first, earlier words first on ties; weak pairs left out."""
    scored = [
        (-s, -WEIGHTS[query[i].kind] - WEIGHTS[cand[j].kind], i, j)
        for i, row in enumerate(sims)
        for j, s in enumerate(row)
        if s >= MIN_TOKEN_SIMILARITY
    ]
    if len(scored) < 2:
        return [(i, j, -negative) for negative, _, i, j in scored]
    scored.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for negative, _, i, j in scored:
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            out.append((i, j, -negative))
    return out


def credit_of(similarity: float) -> float:
    """What an aligned pair counts for: its similarity, or much less below CLEAR_SIMILARITY.

    Spellings of one name and slips of the keyboard mostly stay above it; different names that look
    alike (Ansari and Busairi, Hamad and Hamoud) mostly fall below, where they must not pass for one.
    """
    if similarity >= CLEAR_SIMILARITY:
        return similarity
    return max(0.0, similarity - BELOW_CLEAR_SLOPE * (CLEAR_SIMILARITY - similarity))


def _initials(tokens: Sequence[Token]) -> str:
    return "".join(t.text[0] for t in tokens if t.text)


def _acronym(short: Sequence[Token], long: Sequence[Token]) -> bool:
    """True if SHORT is one word made of the initials of the two or more words of LONG ("PLA")."""
    if len(short) != 1 or len(long) < 2:
        return False
    word = short[0].text
    return len(word) in _ACRONYM_LENGTHS and word.isascii() and word.isalpha() and word == _initials(long)


_ACTIVE = (ACTIVITY, GENERIC)


def _substitutions(
    query: Sequence[Token],
    cand: Sequence[Token],
    pairs: Sequence[Pair],
    extra: Sequence[Token],
    missing: Sequence[Token],
) -> list[str]:
    """The kinds of word the two names hold different ones of."""
    found: list[str] = []
    if (_specific(extra) and _specific(missing)) or _lines_differ(query, cand, pairs):
        found.append(ACTIVITY)
    if extra and missing:
        kinds = {t.kind for t in extra} & {t.kind for t in missing}
        found += [kind for kind in (NUMBER, DESCRIPTOR, DISTINCTIVE) if kind in kinds]
    return found


def _lines_differ(query: Sequence[Token], cand: Sequence[Token], pairs: Sequence[Pair]) -> bool:
    said, named = _without_misspelt(query, pairs, mention=True), _without_misspelt(cand, pairs, mention=False)
    return contradict(said, named)


def _without_misspelt(tokens: Sequence[Token], pairs: Sequence[Pair], *, mention: bool) -> Sequence[Token]:
    """TOKENS (the mention's if MENTION, else the name's) less activity words paired with unknown words."""
    # An activity word paired with a word the glossary does not know ("Manpowv") is that word
    # misspelt, not another line of business, whichever name holds the slip.
    ends = [(p.query, p.cand) if mention else (p.cand, p.query) for p in pairs]
    misspelt = {id(own) for own, other in ends if other.kind == DISTINCTIVE and own.kind in _ACTIVE}
    return [t for t in tokens if id(t) not in misspelt] if misspelt else tokens


def _inverted(query: Sequence[Token], cand: Sequence[Token], aligned: list[tuple[int, int, float]]) -> bool:
    """True if two proper nouns of the mention are matched in the opposite order in the name."""
    order = sorted(
        (i, j) for i, j, _ in aligned if query[i].kind == DISTINCTIVE and cand[j].kind == DISTINCTIVE
    )
    return any(a[1] > b[1] for a, b in pairwise(order))


def _specific(tokens: Sequence[Token]) -> bool:
    """True if TOKENS name a line of business more specific than "general" or "services"."""
    return ACTIVITY in {t.kind for t in tokens}


def align(
    query: Sequence[Token],
    cand: Sequence[Token],
    similarity: TokenSimilarity = token_similarity,
    omitted: dict[str, float] | None = None,
) -> Alignment:
    """Align a mention's content tokens with a registered name's and score them; OMITTED=None is symmetric."""
    return align_scored(query, cand, [[similarity(q, c) for c in cand] for q in query], omitted)


def align_scored(
    query: Sequence[Token], cand: Sequence[Token], sims: Matrix, omitted: dict[str, float] | None = None
) -> Alignment:
    """As align(), with the token similarities given: SIMS[i][j] for QUERY[i] and CAND[j]."""
    aligned = _align_pairs(query, cand, sims)
    pairs = [Pair(query[i], cand[j], s) for i, j, s in aligned]
    extra, missing = list(query), list(cand)
    if aligned:
        matched_q, matched_c = {i for i, _, _ in aligned}, {j for _, j, _ in aligned}
        extra = [t for i, t in enumerate(query) if i not in matched_q]
        missing = [t for j, t in enumerate(cand) if j not in matched_c]
    if _acronym(extra, missing) or _acronym(missing, extra):
        pairs.append(Pair(extra[0], missing[0], ACRONYM_SIMILARITY))
        extra, missing = [], []
    extra_factor = SYMMETRIC if omitted is None else EXTRA
    omit_factor = SYMMETRIC if omitted is None else omitted
    found = lost = 0.0
    for p in pairs:
        weight = max(WEIGHTS[p.query.kind], WEIGHTS[p.cand.kind])
        credit = credit_of(p.similarity)
        found += credit * weight
        lost += (1.0 - credit) * weight
    for t in extra:
        lost += WEIGHTS[t.kind] * extra_factor[t.kind]
    for t in missing:
        lost += WEIGHTS[t.kind] * omit_factor[t.kind]
    score = found / (found + lost) if found > 0 else 0.0
    substitutions = _substitutions(query, cand, pairs, extra, missing)
    if len(aligned) > 1 and _inverted(query, cand, aligned):
        substitutions.append(ORDER)
    for kind in substitutions:
        score *= SUBSTITUTION_FACTORS[kind]
    return Alignment(tuple(pairs), tuple(extra), tuple(missing), round(score, 4), tuple(substitutions))


def _pair_reason(pair: Pair) -> str:
    q, c = pair.query, pair.cand
    if q.kind in (ACTIVITY, GENERIC, DESCRIPTOR) and q.concept and q.concept == c.concept:
        return f"{q.kind} '{q.concept.replace('_', ' ')}' matches"
    if q.text == c.text:
        return f"distinctive word '{q.text}' matches"
    if q.arabic != c.arabic and q.sounds:
        return f"word '{q.text}' matches '{c.text}' (skeleton {skeleton(q.sounds[-1])})"
    return f"word '{q.text}' ~ '{c.text}' ({pair.similarity:.2f})"


def _substitution_reason(kind: str, alignment: Alignment) -> str:
    if kind == ACTIVITY:
        return "activity differs"
    if kind == ORDER:
        return "proper nouns in the opposite order"
    left = ", ".join(t.text for t in alignment.extra if t.kind == kind)
    right = ", ".join(t.text for t in alignment.missing if t.kind == kind)
    names = {NUMBER: "number", DESCRIPTOR: "qualifier", DISTINCTIVE: "word"}
    return f"{names[kind]} differs ({left} vs {right})"


def explain(alignment: Alignment) -> tuple[str, ...]:
    """The reasons behind an alignment's score, in words a reviewer can check."""
    reasons = [_pair_reason(p) for p in alignment.pairs]
    reasons += [_substitution_reason(kind, alignment) for kind in alignment.substitutions]
    reasons += [
        f"'{t.text}' not in the registered name" for t in alignment.extra if t.kind not in (ACTIVITY, GENERIC)
    ]
    return tuple(reasons)
