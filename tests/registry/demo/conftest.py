"""Small generated data sets shared by the demo tests; generated once per session to keep the run fast."""

from __future__ import annotations

import pytest

from registry.demo import (
    DemoHistory,
    LabelledMention,
    generate_companies,
    generate_history,
    generate_mentions,
)
from registry.schemas.company import CompanyCreate


@pytest.fixture(scope="session")
def companies() -> list[CompanyCreate]:
    return generate_companies(seed=11, count=1500)


@pytest.fixture(scope="session")
def registry() -> list[CompanyCreate]:
    """A registry small enough to give a history quickly."""
    return generate_companies(seed=21, count=400)


@pytest.fixture(scope="session")
def history(registry: list[CompanyCreate]) -> DemoHistory:
    return generate_history(registry, seed=5)


@pytest.fixture(scope="session")
def mentions(companies: list[CompanyCreate]) -> list[LabelledMention]:
    return generate_mentions(companies, seed=3, count=1500)
