"""Writes of the term reports (issue 17): the report the Presidency and the Technical
Secretariat each present at the end of their term on the actions carried out (003 §VIII,
Presidency 12 and Secretaría Técnica 13: "Presentar un informe al término del período sobre
las acciones realizadas").

- The holder drafts its own report (ST users the Technical Secretariat's, Presidency users
  the Presidency's) for its current term (reports.selectors.term_report_current_term); one
  report per term. The draft starts from the records of the term
  (reports.selectors.term_report_summary) and the author completes its text.
- Only a draft is edited, with the version it was read at (common.versions.claim_version).
- ST or the Presidency records that it was presented to the Plenary: an ordinary or
  extraordinary meeting held during the term (reports.selectors.meeting_is_of_term); its
  date is the report's. The text on the actions carried out must be written by then.
- ST archives a presented report (003 §VIII ST 12: depositary of the archives).

Who may do what in which state: reports.permissions.term_report_*_refusal, which the page
flags read too. Every refusal of a state is a ValidationError with a code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from meetings import selectors as meeting_selectors
from meetings.models import Meeting
from members.models import Office, User
from reports import selectors
from reports.models import TermReport
from reports.permissions import (
    ensure_can_write_term_report,
    raise_refusal,
    term_report_archive_refusal,
    term_report_edit_refusal,
    term_report_present_refusal,
)
from reports.services.archiving import archive_term_report
from reports.snapshot.terms import term_years

TERM_REPORT_OFFICE_KIND = _(
    "Only the Presidency and the Technical Secretariat present a term report (003 §VIII)."
)
TERM_REPORT_NOT_CURRENT_TERM = _(
    "A term report is drafted by the holder of the current term of its office: this term is "
    "not the current one."
)
TERM_REPORT_EXISTS = _("This term has its report already: open it to continue.")
TERM_REPORT_TITLE_REQUIRED = _("Give the report a title.")
TERM_REPORT_TOO_LONG = _("A section can have at most %(max)s characters.")
TERM_REPORT_MEETING_REQUIRED = _("Choose the plenary meeting where the report was presented.")
TERM_REPORT_MEETING_NOT_PLENARY = _(
    "A term report is presented to the Plenary: choose an ordinary or extraordinary meeting."
)
TERM_REPORT_MEETING_NOT_HELD = _("This meeting has not been held.")
TERM_REPORT_MEETING_OUTSIDE_TERM = _(
    "This meeting was not held during the term (%(start)s – %(end)s)."
)
TERM_REPORT_EMPTY = _("Write the actions carried out during the term before presenting the report.")

MAX_SECTION = 20_000  # characters per text section (the former free-text term report's limit)


def _save(report: TermReport, user: User, reason: str = "") -> None:
    report.full_clean(validate_constraints=False)
    report._history_user = user  # type: ignore[attr-defined]
    if reason:
        report._change_reason = reason  # type: ignore[attr-defined]
    report.save()


def _locked(report: TermReport) -> TermReport:
    return (
        TermReport.objects.select_for_update(of=("self",))
        .select_related("office__country")
        .get(pk=report.pk)
    )


def term_report_default_title(office: Office, kind: str) -> str:
    years = term_years(office)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return f"{TermReport.Kind(kind).label} · {office.country} · {span}"[:250]


@transaction.atomic
def term_report_draft(*, user: User, office: Office) -> TermReport:
    """The holder of an office starts the report of its current term, pre-filled with the
    term's records. Refusals: the office presents no report (term_report_office_kind), the
    user is not its holder (PermissionDenied), the term is not the current one
    (term_report_not_current_term), the term has its report (term_report_exists)."""

    kind = selectors.term_report_kind_of(office)
    if kind is None:
        raise ValidationError(TERM_REPORT_OFFICE_KIND, code="term_report_office_kind")
    ensure_can_write_term_report(user, kind)
    current = selectors.term_report_current_term(office_kind=office.kind)
    if current is None or current.pk != office.pk:
        raise ValidationError(TERM_REPORT_NOT_CURRENT_TERM, code="term_report_not_current_term")
    if TermReport.objects.filter(office=office, kind=kind).exists():
        raise ValidationError(TERM_REPORT_EXISTS, code="term_report_exists")
    report = TermReport(
        kind=kind,
        office=office,
        title=term_report_default_title(office, kind),
        summary=selectors.term_report_summary(office=office),
        summary_at=timezone.now(),
        created_by=user,
    )
    try:
        with transaction.atomic():
            _save(report, user)
    except IntegrityError as exc:  # a second draft of the same term raced this one
        raise ValidationError(TERM_REPORT_EXISTS, code="term_report_exists") from exc
    return report


@transaction.atomic
def term_report_update(
    *, user: User, report: TermReport, expected_version: int | None, title: str, **sections: str
) -> TermReport:
    """The author's office edits a draft: its title and text sections (TermReport.SECTIONS;
    a section not given is left as it is). A form read before someone else's save is
    refused (stale_version); so is a report presented meanwhile (term_report_not_draft)."""

    unknown = set(sections) - set(TermReport.SECTIONS)
    if unknown:
        raise TypeError(f"unknown sections: {sorted(unknown)}")
    report = _locked(report)
    raise_refusal(term_report_edit_refusal(user, report))
    claim_version(report, expected_version)
    title = (title or "").strip()
    if not title:
        raise ValidationError(
            {"title": ValidationError(TERM_REPORT_TITLE_REQUIRED, code="term_report_title")}
        )
    too_long = {
        key: ValidationError(
            TERM_REPORT_TOO_LONG, code="term_report_too_long", params={"max": MAX_SECTION}
        )
        for key, text in sections.items()
        if len(text or "") > MAX_SECTION
    }
    if too_long:
        raise ValidationError(too_long)
    report.title = title
    for key, text in sections.items():
        setattr(report, key, (text or "").strip())
    _save(report, user)
    return report


@transaction.atomic
def term_report_refresh_summary(
    *, user: User, report: TermReport, expected_version: int | None
) -> TermReport:
    """Take the summary from the records again (a draft started before the term's last
    meetings or reports): the author's text is kept."""

    report = _locked(report)
    raise_refusal(term_report_edit_refusal(user, report))
    claim_version(report, expected_version)
    report.summary = selectors.term_report_summary(office=report.office)
    report.summary_at = timezone.now()
    _save(report, user, reason="summary taken again from the records")
    return report


@transaction.atomic
def term_report_present(
    *, user: User, report: TermReport, meeting: Meeting | None, expected_version: int | None
) -> TermReport:
    """ST or the Presidency records that a draft was presented to the Plenary at `meeting`,
    an ordinary or extraordinary meeting held during the term; the meeting's date is the
    presentation's. The report is frozen from then on."""

    report = _locked(report)
    raise_refusal(term_report_present_refusal(user, report))
    claim_version(report, expected_version)
    office = report.office
    if meeting is None:
        raise ValidationError(TERM_REPORT_MEETING_REQUIRED, code="term_report_meeting_required")
    if meeting.kind not in Meeting.PLENARY_KINDS:
        raise ValidationError(
            TERM_REPORT_MEETING_NOT_PLENARY, code="term_report_meeting_not_plenary"
        )
    if not selectors.meeting_is_of_term(meeting, office):
        if meeting.status not in meeting_selectors.HELD:
            raise ValidationError(TERM_REPORT_MEETING_NOT_HELD, code="term_report_meeting_not_held")
        raise ValidationError(
            TERM_REPORT_MEETING_OUTSIDE_TERM,
            code="term_report_meeting_outside_term",
            params={"start": office.start_date, "end": office.end_date or "…"},
        )
    if not report.actions.strip():
        raise ValidationError(TERM_REPORT_EMPTY, code="term_report_empty")
    report.status = TermReport.Status.PRESENTED
    report.meeting = meeting
    report.presented_on = meeting.date
    report.presented_by = user
    _save(report, user)
    archive_term_report(report=report, by=user)  # presented to the Plenary: the archive
    return report


@transaction.atomic
def term_report_archive(
    *, user: User, report: TermReport, expected_version: int | None
) -> TermReport:
    """ST archives a presented report; it stays printed in the biennial report."""

    report = _locked(report)
    raise_refusal(term_report_archive_refusal(user, report))
    claim_version(report, expected_version)
    report.status = TermReport.Status.ARCHIVED
    report.archived_at = timezone.now()
    report.archived_by = user
    _save(report, user)
    archive_term_report(report=report, by=user)
    return report
