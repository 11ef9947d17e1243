"""The meetings stamp (issue 24): what the live meeting page and its quorum box are kept
rendered under (common.cache). It moves with any change to a record either shows or its
rules read — the meeting and its status changes, agenda, documents, invitations (and the
deliveries that stamp them notified or reminded), attendance, quorum verifications,
motions, votes, reservations, minutes, country reports, agreements and decisions — and to
the registry behind them (countries and memberships, bodies, observers, people,
designations, committees, accounts). One query."""

from __future__ import annotations

from common.cache import history_stamp
from communications.models import Delivery
from meetings.models import (
    AgendaItem,
    Agreement,
    Attendance,
    CommitteeDecision,
    CountryReport,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatusChange,
    Minutes,
    Motion,
    QuorumVerification,
    Reservation,
    Vote,
)
from members.models import (
    Committee,
    CommitteeCountry,
    Country,
    Designation,
    Membership,
    NationalBody,
    ObserverOrganisation,
    Person,
    User,
)

MEETING_PAGE_MODELS = (
    Meeting,
    MeetingStatusChange,
    AgendaItem,
    MeetingDocument,
    Invitation,
    Delivery,
    Attendance,
    QuorumVerification,
    Motion,
    Vote,
    Reservation,
    Minutes,
    CountryReport,
    Agreement,
    CommitteeDecision,
    Country,
    Membership,
    NationalBody,
    ObserverOrganisation,
    Person,
    Designation,
    Committee,
    CommitteeCountry,
    User,
)


def meeting_page_stamp() -> str:
    return history_stamp(MEETING_PAGE_MODELS)
