"""Meetings of the coalition (SPEC §3): convocation, agenda, attendance, quorum, motions and
votes, agreements (acuerdos), country reports and minutes (actas), by sub-domain: meeting,
agenda, attendance, motions, agreements, minutes.

The rules live in meetings.services and the reads in meetings.selectors; the models only
hold the records. Sources: 001 §4.A.3 (at least two meetings a year), §4.A.6 (voice and
vote for members, voice only for observers), §4.A.7 (quorum) and 003 §VIII (functions of the
Plenary, the Presidency and the Technical Secretariat). Every model is imported here so
Django registers it and `from meetings.models import X` keeps working."""

from meetings.models.agenda import AgendaItem, MeetingDocument, document_upload_to
from meetings.models.agreements import Agreement, AgreementFollowUp, evidence_upload_to
from meetings.models.attendance import (
    Attendance,
    Invitation,
    QuorumVerification,
    accreditation_upload_to,
)
from meetings.models.decisions import CommitteeDecision
from meetings.models.meeting import Meeting, MeetingStatusChange
from meetings.models.minutes import (
    CountryReport,
    Minutes,
    MinutesComment,
    country_report_upload_to,
)
from meetings.models.motions import Motion, Reservation, Vote

__all__ = [
    "AgendaItem",
    "Agreement",
    "AgreementFollowUp",
    "CommitteeDecision",
    "Attendance",
    "CountryReport",
    "Invitation",
    "Meeting",
    "MeetingDocument",
    "MeetingStatusChange",
    "Minutes",
    "MinutesComment",
    "Motion",
    "QuorumVerification",
    "Reservation",
    "Vote",
    "accreditation_upload_to",
    "country_report_upload_to",
    "document_upload_to",
    "evidence_upload_to",
]
