"""`agency-registry review confirm|reject`: a clear message, not a traceback, for ids that fit no company."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from registry.services import companies as service
from registry.services.name_matching import record_mention
from tests.conftest import both_backends
from tests.factories import company_data

runner = CliRunner()


@both_backends
def test_reject_for_an_unknown_company_says_so(session: Session) -> None:
    service.create_company(session, data=company_data(name_en="Behbehani Cleaning Co.", name_ar=None))
    mention = record_mention(session, text="Behbehani Co", source="test")
    result = runner.invoke(app, ["review", "reject", str(mention.id), "999999", "--actor", "insp"])
    assert result.exit_code == 1 and "no company with id 999999" in result.output
    assert not isinstance(result.exception, Exception)


@both_backends
@pytest.mark.parametrize("verb", ["confirm", "reject"])
@pytest.mark.parametrize("ids", [("1", str(2**31)), ("1", "1" * 20), (str(2**31), "1"), ("0", "1")])
def test_ids_out_of_range_are_a_usage_error(session: Session, verb: str, ids: tuple[str, str]) -> None:
    result = runner.invoke(app, ["review", verb, *ids, "--actor", "insp"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for" in result.output and not isinstance(result.exception, Exception)


@both_backends
def test_merge_and_split_ids_out_of_range_are_a_usage_error(session: Session) -> None:
    big = str(2**31)
    merged = runner.invoke(app, ["companies", "merge", big, "--into", "1", "--reason", "x"])
    into = runner.invoke(app, ["companies", "merge", "1", "--into", big, "--reason", "x"])
    split = runner.invoke(
        app, ["companies", "split", "1", "--external-id", "S-1", "--name-id", big, "--reason", "x"]
    )
    assert [r.exit_code for r in (merged, into, split)] == [2, 2, 2]
