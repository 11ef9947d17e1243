"""Reads of the portal: the home page of each role, made of what each app contributes, and
what the main navigation shows each user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from common.home import HomeTask
from communications.selectors.home import home_tasks as communication_home_tasks
from directories.selectors.home import home_tasks as directory_home_tasks
from events import permissions as event_permissions
from meetings import selectors as meeting_selectors
from members import selectors as member_selectors
from members.models import Office, User
from monitoring import selectors as monitoring_selectors
from presidency import permissions as presidency_permissions
from presidency.selectors.home import home_tasks as presidency_home_tasks
from stats import permissions as statistics_permissions
from stats.selectors.home import home_tasks as statistics_home_tasks


@dataclass
class HomeSummary:
    tasks: list[HomeTask] = field(default_factory=list)
    bodies: list = field(default_factory=list)
    presidency: Office | None = None
    secretariat: Office | None = None


def home_summary(*, user: User) -> HomeSummary:
    """What each role has to do next (SPEC §1): the tasks of monitoring, meetings and the
    registry, in that order, and the representation of the bodies the user answers for."""
    today = timezone.localdate()
    bodies = member_selectors.home_bodies(user=user)
    return HomeSummary(
        tasks=[
            *monitoring_selectors.home_tasks(user=user, today=today),
            *meeting_selectors.home_tasks(user=user, today=today),
            *member_selectors.home_tasks(user=user, today=today, bodies=bodies),
            *communication_home_tasks(user=user, today=today),
            *directory_home_tasks(user=user, today=today),
            *statistics_home_tasks(user=user, today=today),
            *presidency_home_tasks(user=user, today=today),
        ],
        bodies=bodies,
        presidency=member_selectors.office_holder(kind=Office.Kind.PRESIDENCY),
        secretariat=member_selectors.office_holder(kind=Office.Kind.TECHNICAL_SECRETARIAT),
    )


def public_results() -> list[monitoring_selectors.publication.PublishedResults]:
    """The results ST published, newest period first (issue 17): only periods published,
    closed and of an approved POA (monitoring.selectors.publication.published_q), with
    their official figures. Queries: one for the periods, then one per POA and one per
    period (poa_results)."""
    publication = monitoring_selectors.publication
    return publication.published_results(periods=list(publication.published_periods()))


@dataclass(frozen=True, slots=True)
class Navigation:
    """What the main navigation shows a user: each flag asks the rule of its app. The menu is
    written once per these flags, path and language (portal.templatetags.navigation), so the
    menu's template sees nothing else."""

    signed_in: bool = False
    member: bool = False  # signed in, and not a partner agency
    secretariat: bool = False
    communicates: bool = False  # ST or the Presidency: communiqués, notices, public pages
    statistics_returns: bool = False
    events: bool = False
    presidency: bool = False
    cooperation: bool = False
    regional_guidelines: bool = False
    checklist_iso: str = ""  # the country whose checklist a focal point keeps


def navigation(*, user) -> Navigation:
    if not (user and user.is_authenticated):
        return Navigation()
    return Navigation(
        signed_in=True,
        member=not user.is_partner,
        secretariat=user.is_secretariat,
        communicates=user.is_secretariat or user.is_presidency,
        statistics_returns=statistics_permissions.can_open_returns(user),
        events=event_permissions.can_see_events(user),
        presidency=presidency_permissions.can_read(user),
        cooperation=presidency_permissions.can_read_cooperation(user),
        regional_guidelines=presidency_permissions.can_read_regional_view(user),
        checklist_iso=presidency_permissions.own_checklist_iso(user),
    )
