"""Turning scored candidates into a decision: an automatic match, a person's review, or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MATCH = "match"
REVIEW = "review"
NONE = "none"


@dataclass(frozen=True, slots=True)
class MatchThresholds:
    """Score thresholds of the decisions; the best candidate must also beat the next by MARGIN to match.

    Chosen for precision: a wrong automatic match can blacklist an innocent business, while a
    review costs a person a minute. See registry/matching/README.md for how the defaults were set.
    """

    match: float = 0.88
    review: float = 0.75
    margin: float = 0.12

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.match <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= match <= 1")
        if not 0.0 <= self.margin <= 1.0:
            raise ValueError("margin must be within [0, 1]")


DEFAULT_THRESHOLDS = MatchThresholds()
FORM_AGREES = "agrees"
FORM_COMPATIBLE = "compatible"
FORM_DIFFERS = "differs"
# When two names score alike, the one whose legal form is the one the mention states comes first;
# a form never outweighs the words themselves.
_FORM_ORDER = {FORM_AGREES: 0, "": 1, FORM_COMPATIBLE: 2, FORM_DIFFERS: 3}
_NO_CONFLICT = frozenset({FORM_AGREES, ""})
# The extra margin a best name whose form contradicts the stated one must clear against a name whose
# form is the stated one: the words favour one, the form the other.
FORM_MARGIN = 0.08
# A best name whose legal form contradicts the stated one is matched automatically only when its words
# are all but exact: measured on demo mentions at 50,000 companies, such matches scoring below this
# were wrong 11 times in 29, where every other match was right 199 times in 200.
FORM_CONFLICT_MATCH = 0.95
# A company matching the mention's words as well as the best does is a rival from this score up, whatever
# the review threshold: it was the review threshold less the margin (0.60 - 0.12) when the two were
# tuned together, and raising the review threshold must not turn reviews into automatic matches.
RIVAL_FLOOR = 0.48
# How much higher a respelt or translated whole name must score than another company's name that the
# mention names only in part, for the whole name to win: a hair's difference is no difference.
PART_GAP = 0.005


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registered company scored against a mention, through its best-matching name.

    evidence holds the mention's words that match strongly; complete says every word of the mention
    and of the name has its counterpart; form says how the legal form the mention states fits the
    company's: FORM_AGREES, FORM_COMPATIBLE ("Co." for a W.L.L.), FORM_DIFFERS, or "" when either
    states none. covers says the mention leaves out no proper noun or qualifier of the company's other
    names in that script (a trade name without its qualifier is a partial name); verbatim says the
    mention has the name's very words (in any order), not other spellings, scripts or synonyms.
    """

    company_key: str
    name_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    strong: bool = False
    form: str = ""
    complete: bool = False
    covers: bool = True
    verbatim: bool = False


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The decision on a mention: MATCH, REVIEW or NONE, the best company, score and reasons."""

    decision: str
    company_key: str | None
    score: float
    reasons: tuple[str, ...]
    candidates: tuple[Candidate, ...] = ()


def pair_decision(score: float, strong: bool, thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> str:
    """The decision for one pair of names: MATCH needs the threshold and a matching non-activity word."""
    if score >= thresholds.match and strong:
        return MATCH
    return REVIEW if score >= thresholds.review else NONE


def _form_order(candidate: Candidate) -> int:
    return _FORM_ORDER.get(candidate.form, 1)


def _set_apart(best: Candidate, other: Candidate) -> bool:
    """True if OTHER is worse on both counts: words that score no better, a form contradicting the stated one.

    Only a mention that covers BEST's company can be set apart so: matching a short trade name whose
    form agrees is no better reading than matching another company's full name whose form differs.
    A compatible form sets nothing apart: "Co." is how W.L.L.s are written, so a mention saying "Co."
    fits a W.L.L. as well as a company registered as a plain "Co.".
    """
    return (
        best.form == FORM_AGREES and best.covers and other.form == FORM_DIFFERS and other.score <= best.score
    )


def _dominated(best: Candidate, other: Candidate) -> bool:
    """True if the mention is BEST's name word for word (score 1) and OTHER's name differs in its words.

    A company the mention matches only through extra or left-out words is no rival to the name it
    spells exactly. One whose words all correspond in another spelling, script or synonym is no rival
    either, unless the mention states OTHER's legal form and not BEST's: official names are unique,
    so a writer who meant OTHER would have had to change its words and land on BEST's exactly. A
    stated form that neither company has favours neither.
    """
    if best.score < 1.0 or not best.covers:
        return False
    if best.form not in _NO_CONFLICT and _form_favours(other, best):
        return _misstated_form(best, other)
    if not other.complete or _only_in_part(best, other):
        return True
    return best.verbatim and not other.verbatim and not _stated_only_for(other, best)


def _only_in_part(best: Candidate, other: Candidate) -> bool:
    """True if the mention is BEST's whole name in its very words, and names OTHER only in part.

    OTHER's name it matches is a trade name without OTHER's qualifier or given name ("Al-Anjari Clng."
    of "Al-Anjari Golden Cleaning Co."), while BEST's is whole: the writer had BEST's name, not a
    shortening of OTHER's that happens to equal it, unless the stated form is OTHER's and not BEST's.
    """
    return best.verbatim and best.complete and not other.covers and not _stated_only_for(other, best)


def _stated_only_for(other: Candidate, best: Candidate) -> bool:
    """True if the mention states OTHER's legal form and not BEST's."""
    return other.form == FORM_AGREES and best.form != FORM_AGREES


def _form_favours(other: Candidate, best: Candidate) -> bool:
    """True if the stated legal form fits OTHER better than BEST (agrees, none, compatible, differs)."""
    return _form_order(other) < _form_order(best)


def _named_in_part(best: Candidate, other: Candidate) -> bool:
    """True if the mention has all of BEST's name and nothing more, scoring higher, and OTHER's only in part.

    As _only_in_part, for a mention in another spelling or script: its words correspond to BEST's
    whole name, while OTHER's name they match leaves out OTHER's qualifier or given name.
    """
    whole = best.complete and best.covers and not _form_favours(other, best)
    return whole and not other.covers and other.score <= best.score - PART_GAP


def _misstated_form(best: Candidate, other: Candidate) -> bool:
    """True if the mention is BEST's whole name in its very words, and OTHER's only with words OTHER lacks.

    Writers misstate a legal form far more often than they drop a company's qualifier and give it
    another company's very words, so the form OTHER shares with the mention does not make it a rival.
    """
    return best.verbatim and best.complete and not other.complete and not other.covers


def _one_word(best: Candidate) -> bool:
    """True if the mention's only strong word is one word, typically a family name ("Al Mutairi Co.").

    Such a mention identifies no company that another holds the same word in full: whether that name
    is whole of one company and a trade name of the other ("almutairi co"), or the same word in another
    spelling ("almanaar company"), family names are what people shorten companies to. Only a legal
    form can still set one apart. With more words ("Al-Anjari Cleaning"), the whole name keeps
    outranking another company's short trade name: applied to those too, the rule turned 0.4% of
    the demo mentions from right automatic matches into reviews, and no wrong one.
    """
    return len(best.evidence) <= 1


def _rival(best: Candidate, other: Candidate, thresholds: MatchThresholds) -> bool:
    """True if OTHER is a plausible other reading of the mention: within the margin, not set apart.

    A best name whose legal form contradicts the stated one has a wider margin to clear against a name
    whose form is the stated one: the words favour one, the form the other.
    """
    if _set_apart(best, other):
        return False
    if not _one_word(best) and (_dominated(best, other) or _named_in_part(best, other)):
        return False
    margin = thresholds.margin
    if best.form in (FORM_DIFFERS, FORM_COMPATIBLE) and other.form == FORM_AGREES:
        margin += FORM_MARGIN
    return best.score - other.score < margin


def _indistinct(best: Candidate, other: Candidate) -> bool:
    """True if the mention gives no reason to prefer BEST: it matches nothing of BEST that OTHER lacks.

    A mention that is all of BEST's name is a reason (OTHER then has words it leaves out), and so is a
    legal form that agrees where the other's does not.
    """
    # Scoring lower through words the mention leaves out does not make a company a less likely
    # reading of the same words.
    if other.score < RIVAL_FLOOR or (best.complete and best.covers):
        return False
    if not best.evidence:
        return False
    return not _set_apart(best, other) and set(best.evidence) <= set(other.evidence)


def _ambiguity(best: Candidate, close: Sequence[Candidate], margin: float) -> str:
    count = len(close) + 1
    if any(set(best.evidence) <= set(c.evidence) for c in close):
        words = "', '".join(best.evidence)
        return f"{count} companies match the same words '{words}': ambiguous"
    return f"{count} companies score within {margin:.2f} of each other: ambiguous"


def _form_note(best: Candidate, ranked: Sequence[Candidate], margin: float) -> list[str]:
    apart = [c for c in ranked[1:] if _set_apart(best, c) and best.score - c.score < margin]
    if not apart:
        return []
    return [f"the stated legal form sets it apart from {len(apart)} company(ies) with a similar name"]


def _why_review(best: Candidate, thresholds: MatchThresholds) -> str:
    if not best.strong:
        return "no distinctive word matches: a person must decide"
    # Three decimals: 0.8767 shown as 0.88 would read as "0.88 is below 0.88".
    return f"score {best.score:.3f} is below the automatic-match threshold {thresholds.match:.2f}"


def decide(candidates: Sequence[Candidate], thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> MatchResult:
    """Decide on a mention from its candidates (one per company), best first or in any order."""
    ranked = tuple(sorted(candidates, key=lambda c: (-c.score, _form_order(c), not c.covers, c.company_key)))
    if not ranked or ranked[0].score < thresholds.review:
        score = ranked[0].score if ranked else 0.0
        return MatchResult(NONE, None, score, ("no registered name is close enough",), ranked)
    best = ranked[0]
    close = [c for c in ranked[1:] if _rival(best, c, thresholds)]
    close += [c for c in ranked[1:] if c not in close and _indistinct(best, c)]
    reasons = list(best.reasons) + _form_note(best, ranked, thresholds.margin)
    if close:
        reasons.append(_ambiguity(best, close, thresholds.margin))
    decision = pair_decision(best.score, best.strong, thresholds)
    if decision == MATCH and close:
        decision = REVIEW
    elif decision == MATCH and best.form == FORM_DIFFERS and best.score < FORM_CONFLICT_MATCH:
        decision = REVIEW
        reasons.append(
            f"the stated legal form is not the company's, and at {best.score:.2f} the words are not "
            f"exact enough ({FORM_CONFLICT_MATCH:.2f}) to overrule it: a person must decide"
        )
    elif decision == REVIEW:
        reasons.append(_why_review(best, thresholds))
    return MatchResult(decision, best.company_key, best.score, tuple(reasons), ranked)
