"""Who may do what: the one permission module. Every route names an action of the table below, and
every read of protected fields goes through `may_read`; nothing else grants access."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles of the registry's users."""

    PUBLIC = "public"
    INSPECTOR = "inspector"
    INVESTIGATOR = "investigator"
    PAM_OFFICER = "pam_officer"
    COMMITTEE = "committee"
    ADMIN = "admin"


class Protected(StrEnum):
    """Kinds of protected data a read may touch."""

    NARRATIVE = "narrative"
    COMPLAINANT_IDENTITY = "complainant_identity"


@dataclass(frozen=True)
class Principal:
    """Someone acting on the registry: a name (for the record), a role, and the credential used."""

    name: str
    role: Role
    credential_id: int | None = None

    @property
    def is_official(self) -> bool:
        """True for every role but the public."""
        return self.role is not Role.PUBLIC


PUBLIC = Principal(name="public", role=Role.PUBLIC)


class Action(StrEnum):
    """Everything a caller can ask of the registry; each route is bound to exactly one."""

    HEALTH = "health"
    PUBLIC_LOOKUP = "public.lookup"
    PUBLIC_REPORT = "public.report"
    PUBLIC_BLACKLIST = "public.blacklist"
    COMPANY_READ = "company.read"
    COMPANY_WRITE = "company.write"
    COMPANY_IDENTITY = "company.identity"
    MENTION_WRITE = "mention.write"
    REVIEW_READ = "review.read"
    REVIEW_DECIDE = "review.decide"
    COMPLAINT_CREATE = "complaint.create"
    COMPLAINT_READ = "complaint.read"
    COMPLAINT_MANAGE = "complaint.manage"
    INSPECTION_READ = "inspection.read"
    INSPECTION_WRITE = "inspection.write"
    IMPORT = "import"
    IMPORT_READ = "import.read"
    RISK_READ = "risk.read"
    RISK_PRIORITIES = "risk.priorities"
    LINK_READ = "link.read"
    LISTING_READ = "listing.read"
    LISTING_PROPOSE = "listing.propose"
    LISTING_PROCESS = "listing.process"
    LISTING_DECIDE = "listing.decide"
    VISA_CHECK = "visa_check"
    SELF = "self"
    ACCOUNTS_READ = "accounts.read"
    ACCOUNTS_WRITE = "accounts.write"
    AUDIT_READ = "audit.read"
    JOBS_READ = "jobs.read"
    STATISTICS_READ = "statistics.read"
    AGENCY_READ = "agency.read"
    AGENCY_WRITE = "agency.write"
    COURT_READ = "court.read"
    COURT_WRITE = "court.write"
    PRECEDENT_READ = "precedent.read"
    EXPORT = "export"
    EXPORT_LOG_READ = "export.log"


@dataclass(frozen=True)
class Rule:
    """Who may do an action, and whether doing it goes on the audit trail.

    Every write is audited; a read is audited when it shows protected data (complaint narratives and
    identities, listing proposals, links to proposed listings, accounts, the audit trail itself).
    """

    roles: frozenset[Role]
    write: bool = False
    protected: bool = False
    object_type: str | None = None

    @property
    def public(self) -> bool:
        """True when anyone may do it, without a token."""
        return Role.PUBLIC in self.roles

    @property
    def audited(self) -> bool:
        """True when doing it appends an audit event."""
        return self.write or self.protected


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset({*roles, Role.ADMIN})


_I, _V, _P, _C = Role.INSPECTOR, Role.INVESTIGATOR, Role.PAM_OFFICER, Role.COMMITTEE
EVERYONE = frozenset(Role)
OFFICIALS = EVERYONE - {Role.PUBLIC}

RULES: dict[Action, Rule] = {
    Action.HEALTH: Rule(EVERYONE),
    Action.PUBLIC_LOOKUP: Rule(EVERYONE),
    Action.PUBLIC_REPORT: Rule(EVERYONE, write=True, object_type="complaint"),
    Action.PUBLIC_BLACKLIST: Rule(EVERYONE),
    Action.COMPANY_READ: Rule(OFFICIALS),
    Action.COMPANY_WRITE: Rule(_roles(_I, _P), write=True, object_type="company"),
    Action.COMPANY_IDENTITY: Rule(_roles(), write=True, object_type="company"),
    Action.MENTION_WRITE: Rule(_roles(_I, _V), write=True, object_type="mention"),
    Action.REVIEW_READ: Rule(_roles(_I)),
    Action.REVIEW_DECIDE: Rule(_roles(_I), write=True, object_type="mention"),
    Action.COMPLAINT_CREATE: Rule(_roles(_I, _V), write=True, object_type="complaint"),
    Action.COMPLAINT_READ: Rule(_roles(_I, _V, _C), protected=True, object_type="complaint"),
    Action.COMPLAINT_MANAGE: Rule(_roles(_I, _V), write=True, object_type="complaint"),
    Action.INSPECTION_READ: Rule(_roles(_I, _V, _C)),
    Action.INSPECTION_WRITE: Rule(_roles(_I), write=True, object_type="inspection"),
    Action.IMPORT: Rule(_roles(), write=True, object_type="import_batch"),
    # Who imports reads the batches back: senders, file names, counts and why rows were rejected.
    Action.IMPORT_READ: Rule(_roles()),
    Action.RISK_READ: Rule(_roles(_I, _V, _C)),
    Action.RISK_PRIORITIES: Rule(_roles(_I, _C)),
    Action.LINK_READ: Rule(_roles(_I, _V, _P, _C), protected=True, object_type="company"),
    Action.LISTING_READ: Rule(_roles(_I, _V, _C), protected=True, object_type="listing"),
    Action.LISTING_PROPOSE: Rule(_roles(_I, _V), write=True, object_type="listing"),
    Action.LISTING_PROCESS: Rule(_roles(_C), write=True, object_type="listing"),
    Action.LISTING_DECIDE: Rule(_roles(_C), write=True, object_type="listing"),
    Action.VISA_CHECK: Rule(_roles(_P), write=True, protected=True, object_type="visa_check"),
    Action.SELF: Rule(OFFICIALS),
    Action.ACCOUNTS_READ: Rule(_roles(), protected=True, object_type="account"),
    Action.ACCOUNTS_WRITE: Rule(_roles(), write=True, object_type="account"),
    Action.AUDIT_READ: Rule(_roles(), protected=True, object_type="audit_event"),
    Action.JOBS_READ: Rule(_roles(_C)),
    Action.STATISTICS_READ: Rule(_roles(_C)),
    Action.AGENCY_READ: Rule(_roles(_I, _V, _P, _C)),
    Action.AGENCY_WRITE: Rule(_roles(_I, _P), write=True, object_type="agency"),
    # Defendants' data as the court recorded it: read by prosecutors and the committee, on the trail.
    Action.COURT_READ: Rule(_roles(_V, _C), protected=True, object_type="court_case"),
    Action.COURT_WRITE: Rule(_roles(_V), write=True, object_type="court_case"),
    Action.PRECEDENT_READ: Rule(_roles(_I, _V, _C)),
    # An embassy export carries consented complainant identities only when an investigator makes it
    # (may_read decides, in the export itself); the committee's and admins' exports withhold them.
    Action.EXPORT: Rule(_roles(_V, _C), protected=True, object_type="export"),
    Action.EXPORT_LOG_READ: Rule(_roles(_C)),
}


def permits(role: Role, action: Action) -> bool:
    """Whether ROLE may do ACTION."""
    return role in RULES[action].roles


_NARRATIVE_ROLES = frozenset({Role.INSPECTOR, Role.INVESTIGATOR, Role.COMMITTEE, Role.ADMIN})


def may_read(principal: Principal, what: Protected, *, assigned_inspector: str | None) -> bool:
    """Whether PRINCIPAL may read WHAT of a complaint assigned to ASSIGNED_INSPECTOR.

    Narratives: inspectors, investigators, the committee and admins. Complainant identities: only
    investigators (public prosecution) and the inspector the complaint is assigned to — never the
    public, PAM, the committee, admins or the company concerned.
    """
    if what is Protected.NARRATIVE:
        return principal.role in _NARRATIVE_ROLES
    if principal.role is Role.INVESTIGATOR:
        return True
    return principal.role is Role.INSPECTOR and assigned_inspector == principal.name
