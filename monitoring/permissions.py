"""Who may read and change progress reports (SPEC §1, §5). Services call these before
writing, so the web pages, the Excel import, the admin and the API refuse the same things."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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


def can_view_report(user: User, report: ProgressReport) -> bool:
    """ST and the Presidency follow every report (003 §VIII); a body's own members read its
    report in any state; other members read approved reports and the regional one."""
    if not can_use_monitoring(user):
        return False
    if user.is_secretariat or user.is_presidency or can_edit_report(user, report):
        return True
    if report.national_body_id and user.national_body_id == report.national_body_id:
        return True
    return report.is_regional or report.status == ProgressReport.Status.APPROVED


def ensure_can_edit_report(user: User, report: ProgressReport) -> None:
    if not can_edit_report(user, report):
        raise PermissionDenied(NOT_YOUR_REPORT)


def ensure_can_view_report(user: User, report: ProgressReport) -> None:
    if not can_view_report(user, report):
        raise PermissionDenied(CANNOT_READ_REPORT)
