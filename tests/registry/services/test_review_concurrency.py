"""Review decisions racing each other, or a merge, on real PostgreSQL connections."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from registry.database import session_factory, session_scope
from registry.errors import Conflict
from registry.models.company import Company, CompanyName
from registry.models.mention import MatchDecision, MatchRejection, MentionStatus, NameMention
from registry.repositories import mentions as mention_repo
from registry.services import companies as service
from registry.services import company_identity as identity
from registry.services import review
from tests.conftest import own_database
from tests.factories import company_data


@pytest.fixture(scope="module")
def committing_engine() -> Iterator[Engine]:
    """A database of its own, because these tests commit for real."""
    with own_database("registry_review_race") as engine:
        yield engine


@pytest.fixture
def seeded(committing_engine: Engine) -> Iterator[tuple[int, int, int]]:
    """(mention id, company id, another company id), committed."""
    session_factory.bind(committing_engine)
    try:
        with session_scope() as session:
            a, b = (service.create_company(session, data=company_data()) for _ in range(2))
            mention = NameMention(
                text="Qurain Trading Est.",
                key=f"qurain trading est {a.id}",
                source="t",
                decision=MatchDecision.REVIEW,
                status=MentionStatus.PENDING,
            )
            session.add(mention)
            session.flush()
            ids = (mention.id or 0, a.id or 0, b.id or 0)
        yield ids
    finally:
        session_factory.reset()


def _confirm_together(mention_id: int, company_ids: list[int]) -> list[str]:
    barrier, outcomes = threading.Barrier(len(company_ids)), []

    def confirm(company_id: int) -> None:
        barrier.wait()
        try:
            with session_scope() as session:
                review.confirm(session, mention_id=mention_id, company_id=company_id, actor=f"p{company_id}")
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=confirm, args=(c,)) for c in company_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.parametrize("same_company", [False, True])
def test_concurrent_confirms_of_one_mention_one_wins(
    seeded: tuple[int, int, int], same_company: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    mention_id, a, b = seeded
    learn = review._learn_name

    def slow_learn(*args: object, **kwargs: object) -> None:
        # Hold the transaction open after the checks, so the other confirm's checks run meanwhile.
        learn(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(0.5)

    monkeypatch.setattr(review, "_learn_name", slow_learn)
    assert _confirm_together(mention_id, [a, a if same_company else b]) == ["conflict", "ok"]
    with session_scope() as session:
        mention = review.get_mention(session, mention_id=mention_id)
        learned = [
            c
            for c in (a, b)
            if "Qurain Trading Est." in {n.text for n in service.company_names(session, company_id=c)}
        ]
        assert learned == [mention.company_id]


def _hold_open(monkeypatch: pytest.MonkeyPatch, module: object, name: str, started: threading.Event) -> None:
    """Make MODULE.NAME signal STARTED and then keep its transaction open a while."""
    original = getattr(module, name)

    def slow(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        started.set()
        time.sleep(0.7)
        return result

    monkeypatch.setattr(module, name, slow)


@pytest.mark.parametrize("decision", ["confirm", "reject"])
@pytest.mark.parametrize("first", ["decision", "merge"])
def test_a_decision_racing_a_merge_lands_on_the_company_the_merge_made(
    seeded: tuple[int, int, int], decision: str, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mention_id, a, b = seeded
    started, errors = threading.Event(), []
    if first == "decision":
        _hold_open(monkeypatch, review, "_learn_name" if decision == "confirm" else "_unlearn_name", started)
    else:
        # Held after the names and rejections moved: whatever the decision adds later stays behind.
        _hold_open(monkeypatch, mention_repo, "move_rejections", started)

    def decide() -> None:
        if first == "merge":
            started.wait(10)
        try:
            with session_scope() as session:
                getattr(review, decision)(session, mention_id=mention_id, company_id=a, actor="p")
        except Exception as exc:  # reported below
            errors.append(repr(exc))

    def merge() -> None:
        if first == "decision":
            started.wait(10)
        try:
            with session_scope() as session:
                identity.merge(session, source_id=a, target_id=b, actor="t", reason="dup")
        except Exception as exc:  # reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=decide), threading.Thread(target=merge)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []

    with session_scope() as session:
        assert session.get(Company, a).merged_into_id == b  # type: ignore[union-attr]
        mention = review.get_mention(session, mention_id=mention_id)
        source = f"review:{mention_id}"
        learned = session.exec(select(CompanyName.company_id).where(CompanyName.source == source))
        # The rows as stored: rejected_companies would follow a rejection left on the merged company.
        key = mention.key
        rejected = session.exec(select(MatchRejection.company_id).where(MatchRejection.mention_key == key))
        if decision == "confirm":
            assert (mention.status, mention.company_id) == (MentionStatus.CONFIRMED, b)
            assert list(learned) == [b]
        else:
            assert list(rejected) == [b]
            assert mention.company_id is None
    if decision == "reject":
        with pytest.raises(Conflict, match="was rejected"), session_scope() as session:
            review.confirm(session, mention_id=mention_id, company_id=b, actor="q")
