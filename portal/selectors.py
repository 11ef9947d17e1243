"""Reads of the portal: the home page of each role, made of what each app contributes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from common.home import HomeTask
from communications.selectors.home import home_tasks as communication_home_tasks
from directories.selectors.home import home_tasks as directory_home_tasks
from meetings import selectors as meeting_selectors
from members import selectors as member_selectors
from members.models import Office, User
from monitoring import selectors as monitoring_selectors
from presidency.selectors.home import home_tasks as presidency_home_tasks
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
