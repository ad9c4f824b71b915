"""Table models, one module per aggregate; importing this package registers them all."""

from registry.models.account import ApiKey, AppUser
from registry.models.agency import AgencyMention, ForeignAgency, ForeignAgencyName, Partnership
from registry.models.audit import AuditChainHead, AuditEvent
from registry.models.company import Company, CompanyName, CompanyNameChange, CompanyPhone
from registry.models.complaint import Complainant, Complaint, ComplaintStatusChange
from registry.models.court import CourtCase, CourtCharge, CourtDefendant
from registry.models.export_log import ExportLog
from registry.models.history import CompanyEvent
from registry.models.import_batch import ImportBatch, ImportRejection
from registry.models.inspection import Finding, Inspection
from registry.models.job import JobLease, JobRun
from registry.models.listing import (
    CompanyLink,
    ListedPartner,
    ListedPerson,
    Listing,
    ListingEvent,
    ListingGround,
)
from registry.models.mention import MatchRejection, NameMention
from registry.models.officer import CompanyOfficer, Officer
from registry.models.publication import Publication, PublicationChange, PublicationFile
from registry.models.risk import RiskModelVersion, RiskScore
from registry.models.violation import ViolationCode
from registry.models.visa_check import VisaCheck

__all__ = [
    "AgencyMention",
    "ApiKey",
    "AppUser",
    "AuditChainHead",
    "AuditEvent",
    "Company",
    "CompanyEvent",
    "CompanyLink",
    "CompanyName",
    "CompanyNameChange",
    "CompanyOfficer",
    "CompanyPhone",
    "Complainant",
    "Complaint",
    "ComplaintStatusChange",
    "CourtCase",
    "CourtCharge",
    "CourtDefendant",
    "ExportLog",
    "Finding",
    "ForeignAgency",
    "ForeignAgencyName",
    "ImportBatch",
    "ImportRejection",
    "Inspection",
    "JobLease",
    "JobRun",
    "ListedPartner",
    "ListedPerson",
    "Listing",
    "ListingEvent",
    "ListingGround",
    "MatchRejection",
    "NameMention",
    "Officer",
    "Partnership",
    "Publication",
    "PublicationChange",
    "PublicationFile",
    "RiskModelVersion",
    "RiskScore",
    "ViolationCode",
    "VisaCheck",
]
