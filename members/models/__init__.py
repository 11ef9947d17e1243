"""The coalition's members registry (SPEC §2): countries and their membership over time,
national bodies, observer organisations, officials and their designations (registry),
offices and committees (offices), the legal framework (legal) and the platform's user
accounts with their role (accounts); the one rule of "in force on a day" (dates).

Every model is imported here so Django registers it and `from members.models import X`
keeps working."""

from members.models.accounts import API_ACCOUNT_PREFIX, User
from members.models.dates import (
    MAX_IN_FORCE_PER_ROLE,
    DatedQuerySet,
    designation_in_force_q,
    in_force_q,
    overlaps_q,
)
from members.models.legal import LegalInstrument, NationalLaw, Ratification
from members.models.offices import (
    SECRETARIAT_TERM_YEARS,
    Committee,
    CommitteeCountry,
    CommitteeMember,
    Office,
    committee_country_in_force_q,
)
from members.models.registry import (
    Country,
    Designation,
    DesignationQuerySet,
    Membership,
    NationalBody,
    ObserverOrganisation,
    Person,
    accreditation_upload_to,
)

__all__ = [
    "API_ACCOUNT_PREFIX",
    "MAX_IN_FORCE_PER_ROLE",
    "SECRETARIAT_TERM_YEARS",
    "Committee",
    "CommitteeCountry",
    "CommitteeMember",
    "Country",
    "DatedQuerySet",
    "Designation",
    "DesignationQuerySet",
    "LegalInstrument",
    "Membership",
    "NationalBody",
    "NationalLaw",
    "ObserverOrganisation",
    "Office",
    "Person",
    "Ratification",
    "User",
    "accreditation_upload_to",
    "committee_country_in_force_q",
    "designation_in_force_q",
    "in_force_q",
    "overlaps_q",
]
