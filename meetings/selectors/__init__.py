"""Reads of meetings, by sub-domain: quorum (who makes a country represented, the quorum),
motions (results and who sees them), meetings, page (the meeting page and voting screen
with their flags), agreements, minutes, indicators (plan indicators and meetings held) and
home. Every function keeps its query count bounded. Everything is re-exported, so
`from meetings import selectors; selectors.meeting_quorum(...)` keeps working."""

from meetings.selectors.agreements import agreement_detail, agreement_list
from meetings.selectors.home import home_tasks
from meetings.selectors.indicators import (
    HELD,
    MIN_ORDINARY_MEETINGS_PER_YEAR,
    HeldMeeting,
    Participation,
    YearMeetings,
    agreements_fulfilled_by_year,
    meetings_held,
    participation_by_country_year,
    represented_at,
    years_with_too_few_ordinary_meetings,
)
from meetings.selectors.meetings import meeting_detail, meeting_list, previous_plenary
from meetings.selectors.minutes import (
    MinutesFlags,
    can_read_minutes,
    minutes_archive,
    minutes_decisions,
    minutes_flags,
    recorded_motion_states,
)
from meetings.selectors.motions import (
    MotionResult,
    MotionResultView,
    ResultAudience,
    motion_result,
    motion_result_view,
    motion_states_with_visible_outcome,
    required_yes,
    result_audience,
)
from meetings.selectors.page import (
    AttendanceRow,
    MeetingFlags,
    MeetingPage,
    MotionRow,
    VoteScreen,
    attendance_rows,
    meeting_flags,
    meeting_page,
    motion_row,
    vote_screen_page,
)
from meetings.selectors.quorum import (
    QuorumStatus,
    attendance_represents_country_q,
    meeting_attendances,
    meeting_quorum,
    quorum_required,
    represented_countries_qs,
)

__all__ = [
    "HELD",
    "MIN_ORDINARY_MEETINGS_PER_YEAR",
    "AttendanceRow",
    "HeldMeeting",
    "MeetingFlags",
    "MeetingPage",
    "MinutesFlags",
    "MotionResult",
    "MotionResultView",
    "MotionRow",
    "Participation",
    "QuorumStatus",
    "ResultAudience",
    "VoteScreen",
    "YearMeetings",
    "agreement_detail",
    "agreement_list",
    "agreements_fulfilled_by_year",
    "attendance_represents_country_q",
    "attendance_rows",
    "can_read_minutes",
    "home_tasks",
    "meeting_attendances",
    "meeting_detail",
    "meeting_flags",
    "meeting_list",
    "meeting_page",
    "meeting_quorum",
    "meetings_held",
    "minutes_archive",
    "minutes_decisions",
    "minutes_flags",
    "motion_result",
    "motion_result_view",
    "motion_row",
    "motion_states_with_visible_outcome",
    "participation_by_country_year",
    "previous_plenary",
    "quorum_required",
    "recorded_motion_states",
    "represented_at",
    "represented_countries_qs",
    "required_yes",
    "result_audience",
    "vote_screen_page",
    "years_with_too_few_ordinary_meetings",
]
