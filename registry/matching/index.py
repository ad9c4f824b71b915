"""An in-memory index of registered names that finds the few companies worth scoring for a mention.

Each distinct token is stored once and numbered (links.Vocabulary); each name is a slot holding its
content tokens (store.NameStore). A mention that spells one company's name word for word, with no
other company as plausible, is answered from two dictionaries. Otherwise the mention's words are
linked to registered words, every name holding a linked word gets an estimated score at once
(rank.Postings), and only the best few names are aligned in full.
"""

from __future__ import annotations

from collections.abc import Iterable

from registry.matching.align import SUBSTITUTION_FACTORS
from registry.matching.compare import OMITTED, Alignment, align_scored, explain, form_script_notes
from registry.matching.decide import FORM_AGREES, FORM_COMPATIBLE, FORM_DIFFERS, Candidate
from registry.matching.keys import KeyIndex, exact_key, sound_key, word_keys
from registry.matching.lines import lines_of, primary_families
from registry.matching.links import Vocabulary
from registry.matching.parse import ACTIVITY, ParsedName, Token, parse_fresh, parse_name
from registry.matching.rank import FloatArray, IntArray, Postings, QueryLinks
from registry.matching.store import Name, NameStore

# Names aligned in full: at least MIN_SCORED, then while the estimate stays within WINDOW of the best
# full score so far (the estimate is almost always above the full score), at most MAX_SCORED.
# WINDOW covers the widest margin a decision applies (margin + decide.FORM_MARGIN), so no rival is missed.
MIN_SCORED = 2
MAX_SCORED = 40
WINDOW = 0.2
FORM_USE = "used only to tell apart names alike in their words"
# Candidates scoring below CANDIDATE_FLOOR, or more than CANDIDATE_WINDOW below the best, are not
# returned, bar the best one: no decision rests on them.
CANDIDATE_FLOOR = 0.5
CANDIDATE_WINDOW = 0.3
ROUNDING = 1e-4
# Names that could not be estimated at the floor are not gathered (nor, below the best, aligned).
GATHER_FLOOR = CANDIDATE_FLOOR - ROUNDING


class NameIndex:
    """Registered names by company, with incremental add and remove, for candidate retrieval."""

    def __init__(self, max_candidates: int = 12) -> None:
        self.max_candidates = max_candidates
        self._vocab = Vocabulary()
        self._postings = Postings()
        self._names = NameStore()
        self._exact = KeyIndex()
        self._sound = KeyIndex()

    def __len__(self) -> int:
        """The number of names in the index."""
        return len(self._names)

    def __contains__(self, name_id: object) -> bool:
        """True if a name with this id is in the index."""
        return name_id in self._names

    @property
    def company_count(self) -> int:
        """The number of companies with at least one name in the index."""
        return self._names.company_count

    def add(self, name_id: int, company_key: str, text: str) -> None:
        """Add (or replace) name NAME_ID of company COMPANY_KEY; raise InvalidName if TEXT is not a name."""
        # A registered name is parsed once: the cache is for mentions.
        parsed = parse_fresh(text) if isinstance(text, str) else parse_name(text)
        if name_id in self._names:
            self.remove(name_id)
        tids = [self._intern(t) for t in parsed.content]
        content = tuple(self._vocab.tokens[tid] for tid in tids)
        company = self._names.company(company_key)
        name = Name(
            name_id,
            company,
            parsed.text,
            parsed.script,
            parsed.form,
            parsed.legal_forms,
            content,
            tuple(tids),
            word_keys(content),
            exact_key(content),
        )
        slot = self._names.add(name)
        self._postings.add(slot, name.tids)
        self._exact.add(name.exact, slot)
        self._sound.add(sound_key(content), slot)

    def add_many(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Add (name_id, company_key, text) rows, as add() does one by one."""
        for name_id, company_key, text in rows:
            self.add(name_id, company_key, text)

    def remove(self, name_id: int) -> None:
        """Remove name NAME_ID; raise KeyError if it is not in the index."""
        slot, name = self._names.pop(name_id)
        self._postings.remove(slot, name.tids)
        self._exact.remove(name.exact, slot)
        self._sound.remove(sound_key(name.content), slot)

    def search(self, text: str | ParsedName, limit: int | None = None) -> list[Candidate]:
        """The best companies for a mention, best first, one candidate per company (at most LIMIT)."""
        query = _Query(text if isinstance(text, ParsedName) else parse_name(text))
        exact = self._exact_match(query)
        return [exact] if exact is not None else self._candidates_for(query, limit)

    def _candidates_for(self, query: _Query, limit: int | None = None) -> list[Candidate]:
        """The full search: linked words, estimated names, the best few aligned, one per company."""
        best: dict[int, tuple[Alignment, int]] = {}
        for slot, result in self._score(query):
            company = self._names.company_of_slot[slot]
            if company not in best or result.score > best[company][0].score:
                best[company] = (result, slot)
        keys = self._names.company_keys
        ranked = sorted(best.items(), key=lambda item: (-item[1][0].score, keys[item[0]]))
        floor = max(CANDIDATE_FLOOR, ranked[0][1][0].score - CANDIDATE_WINDOW) if ranked else 0.0
        ranked = [item for n, item in enumerate(ranked) if n == 0 or item[1][0].score >= floor]
        count = min(limit or self.max_candidates, self.max_candidates)
        return [self._candidate(query, result, slot) for _, (result, slot) in ranked[:count]]

    def _exact_match(self, query: _Query) -> Candidate | None:
        """The one company whose name the mention spells word for word, when no other could be meant.

        Others could be: another company with the same words (unless the legal form the mention
        states contradicts theirs), or one whose words have the same skeletons (the same name in another
        spelling or script). With any of those, or no distinctive word, the full search decides.
        """
        slots = self._exact.get(query.exact)
        if not slots:
            return None
        parsed = query.parsed
        companies = {self._names.company_of_slot[slot] for slot in slots}
        fits = {company: self._names.form_fit(parsed.form, company) for company in companies}
        chosen = _single(companies) or _single({c for c, fit in fits.items() if fit == FORM_AGREES})
        if chosen is None or fits[chosen] in (FORM_DIFFERS, FORM_COMPATIBLE):
            return None
        # Only a contradicting form tells another holder of these words apart ("Co." fits a W.L.L.).
        if any(fit != FORM_DIFFERS for company, fit in fits.items() if company != chosen):
            return None
        alike = {self._names.company_of_slot[slot] for slot in self._sound.get(sound_key(parsed.content))}
        alike.discard(chosen)
        if alike and (fits[chosen] != FORM_AGREES or not self._set_apart(parsed.form, alike)):
            return None
        slot = min(slot for slot in slots if self._names.company_of_slot[slot] == chosen)
        content = self._names[slot].content
        sims = [[1.0 if q.forms[-1] == c.forms[-1] else 0.0 for c in content] for q in parsed.content]
        result = align_scored(parsed.content, content, sims, OMITTED)
        candidate = self._candidate(query, result, slot)
        # Proper nouns in another order, or a short trade name of the company, need the full search;
        # so does a mention of one strong word, a family name most often, which other spellings of it
        # make ambiguous (decide._one_word): the sound key above only finds the same skeleton.
        if len(candidate.evidence) <= 1:
            return None
        return candidate if result.strong and result.score >= 1.0 and candidate.covers else None

    def _set_apart(self, mention_form: str, companies: set[int]) -> bool:
        return all(
            self._names.form_fit(mention_form, c) in (FORM_DIFFERS, FORM_COMPATIBLE) for c in companies
        )

    def _score(self, query: _Query) -> list[tuple[int, Alignment]]:
        """Full scores of the names most likely to score best, exact matches of the words first."""
        content = query.parsed.content
        words = [QueryLinks(token, self._vocab.links(token)) for token in content]
        slots, estimates = self._postings.estimate(words, GATHER_FLOOR)
        links = [word.links.get for word in words]
        done: dict[tuple[int, ...], Alignment] = {}
        company_of = self._names.company_of_slot
        by_company: dict[int, float] = {}
        out: list[tuple[int, Alignment]] = []
        top = 0.0
        for n, (slot, estimate) in enumerate(self._order(query, slots, estimates)):
            # Below the floor a name is returned only as the best, which one under the best so far is not
            # (ties included: full scores are rounded).
            if n >= MIN_SCORED and (estimate < top - WINDOW or estimate < min(top - ROUNDING, GATHER_FLOOR)):
                break
            # A company is represented by its best name: another that cannot beat it changes nothing.
            if estimate < by_company.get(company_of[slot], 0.0) - ROUNDING:
                continue
            name = self._names[slot]
            result = done.get(name.tids)
            if result is None:
                sims = [[similarity(tid, 0.0) for tid in name.tids] for similarity in links]
                result = done[name.tids] = align_scored(content, name.content, sims, OMITTED)
            result = self._against_company(query, name, result)
            top = max(top, result.score)
            by_company[name.company] = max(by_company.get(name.company, 0.0), result.score)
            out.append((slot, result))
        return out

    def _against_company(self, query: _Query, name: Name, result: Alignment) -> Alignment:
        """RESULT, lowered for "activity differs" if the company's names contradict the mention's activity.

        A short trade name ("شركة نواف الخضير") would otherwise let a mention of the owner's security
        business match his manpower company, which the official name alone would have told apart.
        """
        if not query.lines or primary_families(name.content):
            return result
        if not self._names.company_lines(name.company).contradict(query.lines):
            return result
        return result._replace(
            score=round(result.score * SUBSTITUTION_FACTORS[ACTIVITY], 4),
            substitutions=(*result.substitutions, ACTIVITY),
        )

    def _order(self, query: _Query, slots: IntArray, estimates: FloatArray) -> list[tuple[int, float]]:
        """Names to score, best estimate first, those spelling the mention's words exactly before all."""
        if len(slots) > MAX_SCORED:
            best = (-estimates).argpartition(MAX_SCORED)[:MAX_SCORED]
            slots, estimates = slots[best], estimates[best]
        order = (-estimates).argsort(kind="stable")
        ranked = zip(slots[order].tolist(), estimates[order].tolist(), strict=True)
        exact = self._exact.get(query.exact)
        return [(slot, 1.0) for slot in sorted(exact)] + [item for item in ranked if item[0] not in exact]

    def _intern(self, token: Token) -> int:
        size = len(self._vocab)
        tid = self._vocab.intern(token)
        if tid == size:
            self._postings.add_token(token)
        return tid

    def _candidate(self, query: _Query, result: Alignment, slot: int) -> Candidate:
        parsed, name = query.parsed, self._names[slot]
        notes = form_script_notes(parsed.legal_forms, parsed.script, name.legal, name.script, FORM_USE)
        left_out = self._names.other_keys(name) - query.keys
        return Candidate(
            self._names.company_keys[name.company],
            name.name_id,
            name.text,
            result.score,
            explain(result) + tuple(notes),
            result.evidence,
            result.strong,
            self._names.form_fit(parsed.form, name.company),
            not result.missing and not result.extra,
            not left_out,
            query.exact == name.exact,
        )


class _Query:
    """A mention's parsed name with the keys every step of a lookup reads, computed once."""

    __slots__ = ("exact", "keys", "lines", "parsed")

    def __init__(self, parsed: ParsedName) -> None:
        self.parsed = parsed
        self.exact = exact_key(parsed.content)
        self.keys = word_keys(parsed.content)
        self.lines = lines_of(parsed.content)


def _single(companies: set[int]) -> int | None:
    return next(iter(companies)) if len(companies) == 1 else None
