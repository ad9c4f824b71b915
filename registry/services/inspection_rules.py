"""What an inspection's outcome and findings must agree on: one rule for the API and for intake files.

Every finding counts in the company's risk score: a code given twice, or findings that contradict the
outcome, would inflate that score with an implausible record.
"""

from __future__ import annotations

from collections.abc import Sequence

from registry.models.inspection import InspectionOutcome


def findings_problem(outcome: str, codes: Sequence[str]) -> str | None:
    """Why findings with CODES cannot go with OUTCOME, or None; the reason never quotes a code."""
    if outcome == InspectionOutcome.COMPLIANT and codes:
        return "a compliant inspection cannot have findings"
    if outcome == InspectionOutcome.VIOLATIONS_FOUND and not codes:
        return "an inspection with the outcome violations_found needs at least one finding"
    if len(set(codes)) < len(codes):
        return "a violation code appears in more than one finding; give each code once"
    return None
