"""The registry's part of each role's home page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.home import HomeTask
from members.models import MAX_IN_FORCE_PER_ROLE, User
from members.selectors.registry import body_representation_status


def home_bodies(*, user: User) -> list:
    """The bodies whose representation the home page shows: all of them for ST, the user's
    own for a member of a national body, none for the others."""
    if user.is_secretariat:
        return list(body_representation_status())
    if user.national_body_id:
        return [b for b in body_representation_status() if b.pk == user.national_body_id]
    return []


def home_tasks(*, user: User, today: dt.date, bodies: list | None = None) -> list[HomeTask]:
    """The registry's part of the home page: for ST, designations without their letter and
    bodies without a titular; for a focal point, their body's missing titulars and letters
    (001 §4.A.1). `bodies` is home_bodies(user), when the caller has it already."""
    bodies = home_bodies(user=user) if bodies is None else bodies
    tasks: list[HomeTask] = []
    if user.is_secretariat:
        lacking = [b for b in bodies if b.missing_letters]
        if lacking:
            tasks.append(
                HomeTask(
                    _(
                        "Designations in force without an accreditation letter: %(n)s "
                        "(national bodies: %(bodies)s)."
                    )
                    % {"n": sum(b.missing_letters for b in lacking), "bodies": len(lacking)},
                    reverse("members:directory"),
                )
            )
        for body in bodies:
            if body.titulars == 0:
                tasks.append(
                    HomeTask(
                        _("%(body)s has no titular representative in force.") % {"body": body},
                        reverse("members:body-detail", args=[body.acronym]),
                        "warning",
                    )
                )
    elif user.is_focal_point and user.national_body_id:
        url = reverse("members:body-detail", args=[user.national_body.acronym])
        for body in bodies:
            if body.titulars < MAX_IN_FORCE_PER_ROLE:
                tasks.append(
                    HomeTask(
                        _("Your national body has %(n)s of 2 titular representatives designated.")
                        % {"n": body.titulars},
                        url,
                        "warning",
                    )
                )
            if body.missing_letters:
                tasks.append(
                    HomeTask(
                        ngettext(
                            "Upload the accreditation letter of %(n)s designation.",
                            "Upload the accreditation letters of %(n)s designations.",
                            body.missing_letters,
                        )
                        % {"n": body.missing_letters},
                        url,
                    )
                )
    return tasks
