from __future__ import annotations

import pytest
from sqlmodel import Session

from registry.errors import Conflict
from registry.matching.decide import MatchResult
from registry.models.mention import MatchDecision, MentionStatus
from registry.schemas.company import CompanyNameIn
from registry.services import companies as service
from registry.services import review
from registry.services.name_index import MatchedAhead, name_index
from registry.services.name_matching import match_many, match_text, record_mention
from tests.conftest import both_backends
from tests.factories import company_data


def _registry(session: Session) -> dict[str, int]:
    rows = {
        "nukhba": company_data(
            name_en="Al-Nukhba Domestic Labour Recruitment Office",
            name_ar="مكتب النخبة لاستقدام العمالة المنزلية",
            activity="domestic_labour",
        ),
        "mutairi_clean": company_data(
            name_en="Al-Mutairi Cleaning Services Co.", name_ar=None, activity="cleaning"
        ),
        "mutairi_trade": company_data(
            name_en="Al-Mutairi General Trading & Contracting Co. W.L.L.",
            name_ar="شركة المطيري للتجارة العامة والمقاولات",
            activity="general_trading_contracting",
        ),
        "behbehani": company_data(name_en="Behbehani Cleaning Co.", name_ar=None, activity="cleaning"),
    }
    return {key: service.create_company(session, data=data).id or 0 for key, data in rows.items()}


@both_backends
def test_variants_and_cross_script_mentions_find_the_company(session: Session) -> None:
    ids = _registry(session)
    assert match_text(session, text="almutairy gen trdg & contg").company_id == ids["mutairi_trade"]
    arabic = match_text(session, text="شركة بهبهاني للتنظيف")
    assert (arabic.decision, arabic.company_id) == (MatchDecision.MATCH, ids["behbehani"])
    assert match_text(session, text="مكتب النخبه لاستقدام العماله المنزليه").company_id == ids["nukhba"]


def test_a_family_name_alone_is_never_an_automatic_match(session: Session) -> None:
    _registry(session)
    outcome = match_text(session, text="Almutairi co")
    assert outcome.decision != MatchDecision.MATCH
    assert outcome.reasons


def test_the_index_follows_names_added_after_it_was_built(session: Session) -> None:
    ids = _registry(session)
    assert match_text(session, text="Star of the Desert Manpower").decision == MatchDecision.NONE
    service.add_name(
        session, company_id=ids["behbehani"], name=CompanyNameIn(text="Star of the Desert Manpower")
    )
    assert match_text(session, text="Star of the Desert Manpower").company_id == ids["behbehani"]


def test_a_caller_may_accept_an_index_a_little_behind_the_change_log(session: Session) -> None:
    ids = _registry(session)
    star = "Star of the Desert Manpower"
    assert match_text(session, text=star, index_max_age=60).decision == MatchDecision.NONE
    service.add_name(session, company_id=ids["behbehani"], name=CompanyNameIn(text=star))
    assert match_text(session, text=star, index_max_age=60).decision == MatchDecision.NONE
    assert match_text(session, text=star).company_id == ids["behbehani"]
    assert match_text(session, text=star, index_max_age=60).company_id == ids["behbehani"]


@both_backends
def test_a_spelling_is_one_mention_counted_again(session: Session) -> None:
    _registry(session)
    first = record_mention(session, text="Behbehani Cleaning", source="test")
    again = record_mention(session, text="BEHBEHANI cleaning", source="test")
    assert first.id == again.id and again.occurrences == 2


def test_confirmed_spelling_matches_automatically_next_time(session: Session) -> None:
    ids = _registry(session)
    mention = record_mention(session, text="Mutairi Co.", source="test")
    assert mention.status == MentionStatus.PENDING
    review.confirm(session, mention_id=mention.id or 0, company_id=ids["mutairi_clean"], actor="inspector1")
    assert mention.status == MentionStatus.CONFIRMED and mention.resolved_by == "inspector1"
    names = {n.text: n.kind for n in service.company_names(session, company_id=ids["mutairi_clean"])}
    assert names["Mutairi Co."] == "observed"
    assert match_text(session, text="Mutairi Co.").company_id == ids["mutairi_clean"]


def test_a_rejected_pair_is_never_proposed_again(session: Session) -> None:
    ids = _registry(session)
    mention = record_mention(session, text="Mutairi Co.", source="test")
    proposed = mention.best_company_id
    assert proposed in {ids["mutairi_clean"], ids["mutairi_trade"]}
    review.reject(session, mention_id=mention.id or 0, company_id=proposed or 0, actor="inspector1")
    assert proposed not in {c.company_id for c in match_text(session, text="Mutairi Co.").candidates}
    with pytest.raises(Conflict):
        review.confirm(session, mention_id=mention.id or 0, company_id=proposed or 0, actor="inspector1")


def test_answers_found_ahead_are_used_only_while_no_name_changed(session: Session) -> None:
    ids = _registry(session)
    _, seq = name_index.current_at(session)
    text = "Behbehani Cleaning Co"
    found = MatchResult(MatchDecision.NONE, None, 0.0, ("found ahead",))
    ahead = MatchedAhead(results={text: found}, seq=seq)
    assert match_many(session, texts=[text], ready=ahead)[0].reasons == ("found ahead",)
    service.create_company(session, data=company_data(name_en="Zephyrine Quokka Manpower Co."))
    fresh = match_many(session, texts=[text], ready=ahead)[0]
    assert (fresh.decision, fresh.company_id) == (MatchDecision.MATCH, ids["behbehani"])
