"""Who may read and change progress reports (SPEC §1, §5). Services call these before
writing, so the web pages, the Excel import, the admin and the API refuse the same things."""

from __future__ import annotations

import operator
from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import User
from monitoring.models import ProgressReport

NOT_YOUR_REPORT = _("You can only change your own national body's report.")
CANNOT_READ_REPORT = _("You cannot read this report.")


def can_use_monitoring(user: User) -> bool:
    """Monitoring pages are for the coalition's members; partner agencies read the published
    aggregates through the API (SPEC §7)."""
    return user.is_authenticated and user.is_active and user.role != User.Role.PARTNER


def can_edit_report(user: User, report: ProgressReport) -> bool:
    """A focal point fills only their own body's report; the regional report (activities of
    the Presidency, ST, Petit Comité and Plenary) is filled by ST (SPEC §5). ST reviews the
    bodies' reports but does not write them: the figures stay the country's own."""
    if not (user.is_authenticated and user.is_active):
        return False
    if report.is_regional:
        return user.is_secretariat
    return user.is_focal_point and user.national_body_id == report.national_body_id


# Who reads which report, stated once (ST and the Presidency follow every report, 003 §VIII;
# a body's own members read its report in any state; every other member reads the approved
# reports and the regional one). Each condition is a (field, value) pair of ProgressReport;
# a report is readable when any condition holds. report_visibility_q turns them into the
# queryset filter (selectors.reports_visible_to, the API's list), can_view_report into the
# per-report check (pages, downloads, the API's detail): one rule, two forms.
EVERY_REPORT = None


def _readable_when(user: User) -> tuple[tuple[str, object], ...] | None:
    """The conditions under which `user` reads a report; EVERY_REPORT (None) for ST and the
    Presidency, () for whoever may not use monitoring at all."""
    if not can_use_monitoring(user):
        return ()
    if user.is_secretariat or user.is_presidency:
        return EVERY_REPORT
    conditions: list[tuple[str, object]] = [
        ("is_regional", True),
        ("status", ProgressReport.Status.APPROVED),
    ]
    if user.national_body_id:
        conditions.append(("national_body_id", user.national_body_id))
    return tuple(conditions)


def report_visibility_q(user: User) -> Q:
    """The reports `user` may read, as a filter on ProgressReport."""
    conditions = _readable_when(user)
    if conditions is EVERY_REPORT:
        return Q()
    if not conditions:
        return Q(pk__in=[])
    return reduce(operator.or_, (Q(**{name: value}) for name, value in conditions))


def can_view_report(user: User, report: ProgressReport) -> bool:
    """Whether `user` may read `report`: the same conditions as report_visibility_q, read on
    the loaded report (no query)."""
    conditions = _readable_when(user)
    if conditions is EVERY_REPORT:
        return True
    return any(getattr(report, name) == value for name, value in conditions)


def ensure_can_edit_report(user: User, report: ProgressReport) -> None:
    if not can_edit_report(user, report):
        raise PermissionDenied(NOT_YOUR_REPORT)


def ensure_can_view_report(user: User, report: ProgressReport) -> None:
    if not can_view_report(user, report):
        raise PermissionDenied(CANNOT_READ_REPORT)
