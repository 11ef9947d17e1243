"""Who may request and download the PDFs of monitoring/reports (issue #7), and who may
draft, present and archive the term reports (issue 17)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import User

REPORTS_ST_OR_PRESIDENCY = _(
    "Only the Technical Secretariat and the Presidency can request and download these reports."
)


def can_use_reports(user: User) -> bool:
    """The accountability report is rendered by the Technical Secretariat and the Presidency
    at the end of their term (003 §VIII Presidency 12, ST 13; §IX); both request it and keep
    the archive of issued reports. Nobody else reads the archive before it is published."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_secretariat or user.is_presidency)
    )


def ensure_can_use_reports(user: User) -> None:
    if not can_use_reports(user):
        raise PermissionDenied(REPORTS_ST_OR_PRESIDENCY)


# --- Term reports (issue 17; 003 §VIII Presidency 12, ST 13) ------------------------------
#
# One function per action states who may do it and in which state; the services raise the
# refusal, and the page flags (reports.selectors.term_report_page) are "no refusal", so a
# button and its service agree. A refusal is a PermissionDenied (the wrong person: 403 on a
# page) or a ValidationError with a code (the wrong state).

TERM_REPORT_NOT_YOURS = _(
    "Only the office holder drafts its own term report: the Technical Secretariat writes the "
    "Technical Secretariat's, the Presidency the Presidency's."
)
TERM_REPORT_ARCHIVE_ST_ONLY = _(
    "Only the Technical Secretariat archives term reports (003 §VIII, ST 12: it keeps the "
    "Coalition's archives)."
)
TERM_REPORT_NOT_DRAFT = _("This report was presented already: it can no longer be changed.")
TERM_REPORT_NOT_PRESENTED = _("Only a presented report can be archived.")
TERM_REPORT_ALREADY_ARCHIVED = _("This report is archived already.")


def term_report_author_kind(user: User) -> str | None:
    """The kind of term report a user writes: the Technical Secretariat's staff write the
    ST's, the Presidency's the Presidency's (members.models.User.is_secretariat /
    is_presidency); anybody else writes none."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_secretariat:
        return "secretariat"
    if user.is_presidency:
        return "presidency"
    return None


def can_write_term_report(user: User, kind: str) -> bool:
    return term_report_author_kind(user) == kind


def ensure_can_write_term_report(user: User, kind: str) -> None:
    if not can_write_term_report(user, kind):
        raise PermissionDenied(TERM_REPORT_NOT_YOURS)


def term_report_edit_refusal(user: User, report) -> Exception | None:
    """Its author's office edits a draft (text, title, the summary from the records)."""
    if not can_write_term_report(user, report.kind):
        return PermissionDenied(TERM_REPORT_NOT_YOURS)
    if not report.is_draft:
        return ValidationError(TERM_REPORT_NOT_DRAFT, code="term_report_not_draft")
    return None


def term_report_present_refusal(user: User, report) -> Exception | None:
    """ST or the Presidency records that a draft was presented to the Plenary (which
    meeting is checked by the service)."""
    if not can_use_reports(user):
        return PermissionDenied(REPORTS_ST_OR_PRESIDENCY)
    if not report.is_draft:
        return ValidationError(TERM_REPORT_NOT_DRAFT, code="term_report_not_draft")
    return None


def term_report_archive_refusal(user: User, report) -> Exception | None:
    """ST archives a presented report."""
    if not (user.is_authenticated and user.is_active and user.is_secretariat):
        return PermissionDenied(TERM_REPORT_ARCHIVE_ST_ONLY)
    if report.is_archived:
        return ValidationError(TERM_REPORT_ALREADY_ARCHIVED, code="term_report_archived")
    if not report.is_presented:
        return ValidationError(TERM_REPORT_NOT_PRESENTED, code="term_report_not_presented")
    return None


def raise_refusal(refusal: Exception | None) -> None:
    if refusal is not None:
        raise refusal
