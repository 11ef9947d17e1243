"""Who makes a country represented, and the quorum (001 §4.A.7, SPEC §3) — of a plenary,
counted over the Coalition's member countries, and of a committee session, counted over the
committee's member countries (003 §I: the Petit Comité of Costa Rica, Guatemala and
Honduras reaches quorum with two of them present)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from common.cache import cached
from meetings.models import Attendance, Meeting
from meetings.selectors.stamp import meeting_page_stamp
from members.models import CommitteeCountry, Country, committee_country_in_force_q
from members.selectors import committee_countries_on, member_countries_on


@dataclass(frozen=True)
class QuorumStatus:
    n_members: int
    required: int
    represented_countries: list[str]
    reached: bool

    @property
    def represented(self) -> int:
        return len(self.represented_countries)

    @property
    def missing(self) -> int:
        return max(self.required - self.represented, 0)


def quorum_required(n_members: int) -> int:
    """001 §4.A.7: "la mitad más uno" of the member countries, read as ⌊N/2⌋ + 1 (SPEC §3):
    9 members → 5, 8 members → 5."""
    return n_members // 2 + 1


def attendance_represents_country_q() -> Q:
    """The one definition of "this attendance makes its country represented" (001 §4.A.7,
    SPEC §3): a titular representative, or an alternate expressly accredited for the
    meeting, of a country that is a member on the meeting's date (its local date,
    members.selectors.member_countries_on) — and, at a committee session, a member country
    of the committee that day (members.models.committee_country_in_force_q): there only the
    committee's countries count for quorum and vote. Observers never count.

    Used by the live quorum (with "present now"), the voter's own attendance, the
    participation indicator and the meetings held in the reports (at any moment)."""
    meeting_day = OuterRef("meeting__starts_at__date")
    member_on_meeting_day = member_countries_on(meeting_day).filter(pk=OuterRef("country_id"))
    committee_seat = CommitteeCountry.objects.filter(
        committee_country_in_force_q(meeting_day),
        committee_id=OuterRef("meeting__committee_id"),
        country_id=OuterRef("country_id"),
    )
    return (
        (
            Q(capacity=Attendance.Capacity.TITULAR)
            | Q(capacity=Attendance.Capacity.ALTERNATE, accredited_for_meeting=True)
        )
        & Q(Exists(member_on_meeting_day))
        & (~Q(meeting__kind=Meeting.Kind.COMMITTEE) | Q(Exists(committee_seat)))
    )


def meeting_member_countries(meeting: Meeting) -> QuerySet[Country]:
    """The countries whose representatives make the meeting's quorum and vote at it: the
    Coalition's member countries on the meeting's date (N of SPEC §3), or at a committee
    session the committee's member countries that day (members.selectors.
    committee_countries_on) — the same majority rule, over N = that committee's countries."""
    if meeting.kind == Meeting.Kind.COMMITTEE and meeting.committee_id:
        return committee_countries_on(meeting.committee_id, meeting.date)
    return member_countries_on(meeting.date)


def represented_countries_qs(meeting: Meeting) -> QuerySet:
    """ISO codes of the member countries represented right now: people present (arrived and
    not left) whose attendance represents their country. A country with several people
    present appears once."""
    return (
        Attendance.objects.filter(meeting=meeting, left_at__isnull=True)
        .filter(attendance_represents_country_q())
        .values_list("country__iso_code", flat=True)
        .distinct()
        .order_by("country__iso_code")
    )


def meeting_quorum(meeting: Meeting) -> QuorumStatus:
    """Live quorum in two aggregate queries: N on the meeting's date (the committee's
    member countries at a committee session: 3 for the Petit Comité, quorum 2), and the
    represented member countries among the people present now."""
    n_members = meeting_member_countries(meeting).count()
    represented = list(represented_countries_qs(meeting))
    required = quorum_required(n_members)
    return QuorumStatus(
        n_members=n_members,
        required=required,
        represented_countries=represented,
        reached=n_members > 0 and len(represented) >= required,
    )


def live_quorum(meeting: Meeting) -> QuorumStatus:
    """meeting_quorum kept under the meetings stamp: the box every reader of a plenary
    polls every few seconds is computed once per change, not once per poll."""
    return cached(
        "meeting-quorum",
        stamp=meeting_page_stamp(),
        parts=(meeting.pk,),
        compute=lambda: meeting_quorum(meeting),
    )


def meeting_attendances(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "country", "observer_organisation", "designation")
        .order_by("left_at", "country__name_es", "person__last_name")
    )
