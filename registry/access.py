"""Who may see what: the one policy every read of protected data goes through."""

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
    """Someone acting on the registry: a name (for the record) and a role."""

    name: str
    role: Role

    @property
    def is_official(self) -> bool:
        """True for every role but the public."""
        return self.role is not Role.PUBLIC


PUBLIC = Principal(name="public", role=Role.PUBLIC)

_NARRATIVE_ROLES = frozenset({Role.INSPECTOR, Role.INVESTIGATOR, Role.COMMITTEE, Role.ADMIN})


def may_read(principal: Principal, what: Protected, *, assigned_inspector: str | None) -> bool:
    """Whether PRINCIPAL may read WHAT of a complaint assigned to ASSIGNED_INSPECTOR.

    Narratives: inspectors, investigators, the committee and admins. Complainant identities: only
    investigators (public prosecution) and the inspector the complaint is assigned to — never the
    public, PAM, the committee or the company concerned.
    """
    if what is Protected.NARRATIVE:
        return principal.role in _NARRATIVE_ROLES
    if principal.role is Role.INVESTIGATOR:
        return True
    return principal.role is Role.INSPECTOR and assigned_inspector == principal.name
