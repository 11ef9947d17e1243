"""Pages of the meetings app, by sub-domain: meetings (list, page, status, agenda,
documents, convocation answer), attendance (attendance and live quorum), votes (motions,
voting screen, country reports), agreements and minutes. Views translate HTTP to service
and selector calls; the rules live in meetings.services and meetings.rules (SPEC §3).
Every view is re-exported here for meetings.urls."""

from meetings.views.agenda import agenda_item_edit, agenda_item_move, agenda_item_remove
from meetings.views.agreements import (
    agreement_detail,
    agreement_edit,
    agreement_list,
    follow_up_evidence,
)
from meetings.views.attendance import (
    attendance_accredit,
    attendance_depart,
    attendance_record,
    quorum_partial,
    quorum_verify,
)
from meetings.views.base import PAGE_SIZE
from meetings.views.decisions import (
    committee_decision_detail,
    committee_decision_edit,
    committee_decisions,
)
from meetings.views.invitations import meeting_cancel, meeting_remind, meeting_respond
from meetings.views.meetings import (
    agenda_approve,
    agenda_item_create,
    document_download,
    document_upload,
    meeting_convene,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_ics_download,
    meeting_list,
    meeting_transition,
    rsvp,
)
from meetings.views.minutes import (
    minutes_archive,
    minutes_detail,
    minutes_generate,
    minutes_pdf_download,
)
from meetings.views.votes import (
    country_report,
    country_report_download,
    motion_action,
    motion_create,
    vote_screen,
)

__all__ = [
    "committee_decision_detail",
    "committee_decision_edit",
    "committee_decisions",
    "PAGE_SIZE",
    "agenda_approve",
    "agenda_item_create",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_item_remove",
    "agreement_detail",
    "agreement_edit",
    "agreement_list",
    "attendance_accredit",
    "attendance_depart",
    "attendance_record",
    "country_report",
    "country_report_download",
    "document_download",
    "document_upload",
    "follow_up_evidence",
    "meeting_cancel",
    "meeting_convene",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics_download",
    "meeting_list",
    "meeting_remind",
    "meeting_respond",
    "meeting_transition",
    "minutes_archive",
    "minutes_detail",
    "minutes_generate",
    "minutes_pdf_download",
    "motion_action",
    "motion_create",
    "quorum_partial",
    "quorum_verify",
    "rsvp",
    "vote_screen",
]
