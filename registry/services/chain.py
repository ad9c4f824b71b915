"""A company's recruitment chain: its foreign partners, their other Kuwaiti partners, and so on.

Partnerships form a graph of offices and agencies that often loops (A works with X, X with B, B
with Y, Y with A again). The chain is walked breadth first with the nodes already reached kept
aside, so each office and each agency is expanded once at the level it was first reached: a loop
shows as an edge back to a known node and never as a second visit. One query per level finds the
next partnerships; the facts about every node reached are then read in one query each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from registry.errors import NotFound
from registry.repositories import chain as chain_repo
from registry.schemas.agency import AgencySummary
from registry.schemas.chain import (
    ChainAgency,
    ChainOffice,
    ChainRead,
    ComplaintBrief,
    ComplaintSummary,
    PartnerListing,
    PartnershipBrief,
)

DEFAULT_DEPTH = 1
MAX_DEPTH = 6
MAX_NODES = 1000
DEFAULT_LATEST = 5


@dataclass
class Walk:
    """Offices and agencies reached, each with the level it was first reached at, and the edges seen."""

    offices: dict[int, int] = field(default_factory=dict)
    agencies: dict[int, int] = field(default_factory=dict)
    edges: dict[int, Any] = field(default_factory=dict)
    truncated: bool = False


def walk(session: Session, *, company_id: int, depth: int, max_nodes: int = MAX_NODES) -> Walk:
    """The offices and agencies within DEPTH partnerships of the company, each reached once."""
    reached = Walk(offices={company_id: 0})
    offices, agencies = {company_id}, set[int]()
    for level in range(1, depth + 1):
        next_offices, next_agencies = set[int](), set[int]()
        for edge in chain_repo.edges_of(session, offices, agencies):
            reached.edges[int(edge.id)] = edge
            if edge.company_id in offices and edge.agency_id not in reached.agencies:
                reached.agencies[int(edge.agency_id)] = level
                next_agencies.add(int(edge.agency_id))
            if edge.agency_id in agencies and edge.company_id not in reached.offices:
                reached.offices[int(edge.company_id)] = level
                next_offices.add(int(edge.company_id))
        offices, agencies = next_offices, next_agencies
        if len(reached.offices) + len(reached.agencies) > max_nodes:
            reached.truncated = True
            break
        if not offices and not agencies:
            break
    return reached


def company_chain(
    session: Session,
    *,
    company_id: int,
    today: date,
    depth: int = DEFAULT_DEPTH,
    latest: int = DEFAULT_LATEST,
) -> ChainRead:
    """The company's partners with their complaints and statuses, and the network around them."""
    reached = walk(session, company_id=company_id, depth=min(max(depth, 1), MAX_DEPTH))
    offices = _offices(session, reached.offices)
    if company_id not in offices:
        raise NotFound(f"no company with id {company_id}")
    edges = [_brief(e, today) for e in reached.edges.values() if _inside(e, reached)]
    agencies = _agencies(session, reached.agencies, latest)
    for edge in edges:
        if edge.company_id == company_id and edge.agency_id in agencies:
            agencies[edge.agency_id].partnerships.append(edge)
    ordered = sorted(agencies.values(), key=lambda a: (a.level, a.agency.country, a.agency.name_latin))
    return ChainRead(
        company=offices[company_id],
        depth=depth,
        partners=[a for a in ordered if a.level == 1],
        offices=sorted((o for o in offices.values() if o.level > 0), key=lambda o: (o.level, o.company_id)),
        agencies=[a for a in ordered if a.level > 1],
        edges=edges,
        truncated=reached.truncated,
    )


def _inside(edge: Any, reached: Walk) -> bool:
    return edge.company_id in reached.offices and edge.agency_id in reached.agencies


def _brief(edge: Any, today: date) -> PartnershipBrief:
    active = (edge.since is None or edge.since <= today) and (edge.until is None or edge.until >= today)
    return PartnershipBrief(
        id=edge.id,
        company_id=edge.company_id,
        agency_id=edge.agency_id,
        since=edge.since,
        until=edge.until,
        source=edge.source,
        source_ref=edge.source_ref,
        active=active,
    )


def _offices(session: Session, levels: dict[int, int]) -> dict[int, ChainOffice]:
    result = {}
    for cid, external_id, name, licence_status, listing_id, listing_state in chain_repo.companies(
        session, levels
    ):
        result[int(cid)] = ChainOffice(
            level=levels[int(cid)],
            company_id=cid,
            external_id=external_id,
            name=name,
            licence_status=licence_status,
            listing_id=listing_id,
            listing_state=listing_state,
        )
    return result


def _agencies(session: Session, levels: dict[int, int], latest: int) -> dict[int, ChainAgency]:
    summaries, findings = _mentions(session, levels, latest)
    result: dict[int, ChainAgency] = {}
    for row in chain_repo.agencies(session, levels):
        agency_id = int(row.id)
        if agency_id not in result:
            result[agency_id] = ChainAgency(
                level=levels[agency_id],
                agency=AgencySummary.model_validate(row._mapping),
                complaints=summaries.get(agency_id) or ComplaintSummary(),
                findings=findings.get(agency_id, 0),
            )
        if row.listing_id is not None:
            result[agency_id].listings.append(
                PartnerListing(
                    listing_id=row.listing_id,
                    listing_state=row.listing_state,
                    partner_state=row.partner_state,
                    company_id=row.listed_company_id,
                    ends_on=row.ends_on,
                )
            )
    return result


def _mentions(
    session: Session, agency_ids: dict[int, int], latest: int
) -> tuple[dict[int, ComplaintSummary], dict[int, int]]:
    """Per agency: its complaints (by status, newest first) and how many findings name it."""
    result: defaultdict[int, ComplaintSummary] = defaultdict(ComplaintSummary)
    findings: dict[int, int] = {}
    for agency_id, status, count in chain_repo.mention_counts(session, agency_ids):
        if status is None:  # only findings have no complaint status
            findings[int(agency_id)] = int(count)
            continue
        summary = result[int(agency_id)]
        summary.by_status[str(status)] = summary.by_status.get(str(status), 0) + int(count)
        summary.total += int(count)
    for agency_id, complaint_id, received_at, status, categories, company_id in chain_repo.latest_complaints(
        session, agency_ids, latest
    ):
        result[int(agency_id)].latest.append(
            ComplaintBrief(
                id=complaint_id,
                received_at=received_at,
                status=status,
                categories=list(categories or []),
                company_id=company_id,
            )
        )
    return dict(result), findings
