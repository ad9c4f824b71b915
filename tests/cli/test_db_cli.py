from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col
from typer.testing import CliRunner

from cli.main import app
from registry.models.company import CompanyName
from registry.services import companies as service
from tests.factories import company_data

runner = CliRunner()


def test_rekey_rewrites_stale_keys_and_says_how_many(session: Session) -> None:
    company = service.create_company(session, data=company_data(name_en="Al-Fairouz GTC", name_ar=None))
    stale = (
        update(CompanyName)
        .where(col(CompanyName.company_id) == company.id)
        .values(key="fairouz general trading")
    )
    session.execute(stale)
    result = runner.invoke(app, ["db", "rekey"])
    assert result.exit_code == 0, result.output
    assert "rewritten: 1 company names" in result.output
    again = runner.invoke(app, ["db", "rekey"])
    assert "rewritten: 0 company names" in again.output
