"""The registry's history as scoring events, with each complaint's status as it was known at a date.

A complaint's recorded status is its latest one. Scoring a past date with it would leak the future
(a complaint substantiated in March would count as substantiated in January), so each complaint
carries the day its recorded status became known; before that day a decided complaint counts as
still under investigation. Used by the scoring service and by the benchmark alike.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.encode import UNVERIFIED, BoolArray, EncodedEvents, IntArray, encode_events
from scoring.events import (
    UNVERIFIED_STATUSES,
    CompanyFacts,
    ComplaintEvent,
    FindingEvent,
    InspectionEvent,
)
from scoring.labels import Snapshot, outcome_known_on, snapshot_from_encoded

# A complaint loaded from another authority's file arrives with its final status but no decision date.
# The authority decides most complaints within four months of receipt (the demo generator's lag too),
# so such a status counts from 120 days after receipt, or from the import if that came earlier.
DECISION_LAG_DAYS = 120
SERIOUS_SEVERITIES = frozenset({"high", "critical"})
UNDECIDED = "under_investigation"


@dataclass(frozen=True)
class RiskEvents:
    """Companies and their events; status_known_on[i] is when complaints[i]'s status became known."""

    companies: list[CompanyFacts]
    complaints: list[ComplaintEvent]
    status_known_on: IntArray
    findings: list[FindingEvent]
    inspections: list[InspectionEvent]

    def complaints_at(self, as_of: date) -> list[ComplaintEvent]:
        """Complaints with the status each had at as_of."""
        today = as_of.toordinal()
        return [
            c
            if c.status in UNVERIFIED_STATUSES or known <= today
            else dataclasses.replace(c, status=UNDECIDED)
            for c, known in zip(self.complaints, self.status_known_on.tolist(), strict=True)
        ]

    def restricted_to(self, company_ids: set[str]) -> RiskEvents:
        """The same history with only the given companies (their events are kept, others dropped)."""
        keep = [i for i, c in enumerate(self.complaints) if c.company_id in company_ids]
        return RiskEvents(
            companies=[c for c in self.companies if c.company_id in company_ids],
            complaints=[self.complaints[i] for i in keep],
            status_known_on=self.status_known_on[np.array(keep, dtype=np.int64)],
            findings=[f for f in self.findings if f.company_id in company_ids],
            inspections=[i for i in self.inspections if i.company_id in company_ids],
        )


def status_known_on(received: IntArray, recorded: IntArray, decided_in_registry: BoolArray) -> IntArray:
    """Ordinal day from which each complaint's recorded status counts (see DECISION_LAG_DAYS).

    received and recorded are ordinal days of receipt and of the last change to the complaint;
    decided_in_registry marks complaints whose status was changed in the registry after they were stored.
    """
    imported = np.minimum(recorded, received + DECISION_LAG_DAYS)
    return np.where(decided_in_registry, recorded, imported).astype(np.int64)


def size_band(workforce: int | None) -> str:
    """A company's size band by sponsored workers; for fairness reports only, never a feature."""
    if workforce is None:
        return "unknown"
    return "small" if workforce < 50 else "medium" if workforce < 250 else "large"


def main_corridors(counts: Iterable[tuple[str, str | None, int]]) -> dict[str, str]:
    """Per company, the corridor of origin most of its complainants came from (ties: alphabetical)."""
    tally: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for company_id, corridor, count in counts:
        if corridor:
            tally[company_id][corridor] += count
    return {cid: min(c.items(), key=lambda item: (-item[1], item[0]))[0] for cid, c in tally.items()}


def with_statuses_at(enc: EncodedEvents, known_on: IntArray, as_of: date) -> EncodedEvents:
    """Encoded events whose decided complaints not yet known at as_of count as unverified."""
    pending = known_on > as_of.toordinal()
    status = np.where(pending & (enc.complaint_status != UNVERIFIED), UNVERIFIED, enc.complaint_status)
    return dataclasses.replace(enc, complaint_status=status.astype(np.int64))


def quarterly_dates(first_event: date, as_of: date, config: ScoringConfig, *, limit: int) -> list[date]:
    """Quarter starts from a year after the first event whose outcomes are known at as_of; latest last."""
    earliest = first_event + timedelta(days=365)
    day = date(earliest.year, 3 * ((earliest.month - 1) // 3) + 1, 1)
    if day < earliest:
        day = _next_quarter(day)
    dates = []
    while outcome_known_on(day, config) <= as_of:
        dates.append(day)
        day = _next_quarter(day)
    return dates[-limit:]


def _next_quarter(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month > 9 else date(day.year, day.month + 3, 1)


def snapshots(
    events: RiskEvents, dates: Sequence[date], *, known_until: date, config: ScoringConfig = DEFAULT_CONFIG
) -> list[Snapshot]:
    """Training snapshots at each date: events encoded once, complaint statuses as known at each date."""
    enc = encode_events(
        events.companies, events.complaints, events.findings, events.inspections, config=config
    )
    return [
        snapshot_from_encoded(
            with_statuses_at(enc, events.status_known_on, day),
            as_of=day,
            known_until=known_until,
            config=config,
        )
        for day in sorted(dates)
    ]


def first_event_day(events: RiskEvents) -> date | None:
    """The earliest complaint or inspection date, or None without events."""
    firsts = (
        min((c.received_on for c in events.complaints), default=None),
        min((i.inspected_on for i in events.inspections), default=None),
    )
    return min((d for d in firsts if d is not None), default=None)
