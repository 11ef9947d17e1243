"""Reads that combine several apps (top layer, STYLE.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members import selectors as member_selectors
from members.models import Office, User


@dataclass
class Task:
    text: str
    url: str = ""
    level: str = "info"  # info | warning | success


@dataclass
class HomeSummary:
    tasks: list[Task] = field(default_factory=list)
    bodies: list = field(default_factory=list)
    presidency: Office | None = None
    secretariat: Office | None = None


def home_summary(*, user: User) -> HomeSummary:
    """What each role has to do next (SPEC §1), for the home page."""
    summary = HomeSummary(
        presidency=member_selectors.office_holder(kind=Office.Kind.PRESIDENCY),
        secretariat=member_selectors.office_holder(kind=Office.Kind.TECHNICAL_SECRETARIAT),
    )
    statuses = list(member_selectors.body_representation_status())
    if user.is_secretariat:
        summary.bodies = statuses
        for body in statuses:
            url = reverse("members:body-detail", args=[body.acronym])
            if body.titulars == 0:
                summary.tasks.append(
                    Task(
                        _("%(body)s has no titular representative in force.") % {"body": body},
                        url,
                        "warning",
                    )
                )
            if body.missing_letters:
                summary.tasks.append(
                    Task(
                        _("%(body)s: %(n)s designation(s) without accreditation letter.")
                        % {"body": body, "n": body.missing_letters},
                        url,
                    )
                )
    elif user.national_body_id:
        own = [b for b in statuses if b.pk == user.national_body_id]
        summary.bodies = own
        url = reverse("members:body-detail", args=[user.national_body.acronym])
        for body in own:
            if user.is_focal_point and body.titulars < 2:
                summary.tasks.append(
                    Task(
                        _("Your national body has %(n)s of 2 titular representatives designated.")
                        % {"n": body.titulars},
                        url,
                        "warning",
                    )
                )
            if user.is_focal_point and body.missing_letters:
                summary.tasks.append(
                    Task(
                        _("Upload the accreditation letter of %(n)s designation(s).")
                        % {"n": body.missing_letters},
                        url,
                    )
                )
    return summary
