"""Small builders for test data."""

from __future__ import annotations

import itertools
from typing import Any

from registry.schemas.company import CompanyCreate

_counter = itertools.count(1)


def company_data(**overrides: Any) -> CompanyCreate:
    """A valid company with a unique external_id; keyword arguments override fields."""
    number = next(_counter)
    values: dict[str, Any] = {
        "external_id": f"T-{number:06d}",
        "name_en": f"Test Number{number} General Trading Co. W.L.L.",
        "name_ar": "شركة الاختبار للتجارة العامة ذ.م.م",
        "activity": "general_trading_contracting",
        "governorate": "hawalli",
    }
    values.update(overrides)
    return CompanyCreate.model_validate(values)
