"""Every rule of the progress reports (issue #4, SPEC §5), through the services that the
form, the Excel import, the admin and the API all call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.testing import refused
from monitoring import services
from monitoring.models import Evidence, ProgressEntry, ProgressReport
from monitoring.selectors import report_history
from monitoring.tests.factories import (
    DUE,
    OPENS,
    activity,
    approve,
    fill,
    open_period,
    report_approved,
    report_of,
    submit,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _row(report, code, progress, **kwargs) -> services.RowInput:
    return services.RowInput(
        activity_id=activity(report.period.poa, code).pk, progress=progress, **kwargs
    )


def _save(report, user, *rows, reason: str = "", version: int | None = None):
    report.refresh_from_db()
    return services.progress_report_save(
        user=user,
        report=report,
        expected_version=report.version if version is None else version,
        rows=list(rows),
        change_reason=reason,
    )


def _codes(exc) -> set[str]:
    return exc.codes() if isinstance(exc, services.ReportRowsInvalid) else {exc.code}


# --- Opening periods ----------------------------------------------------------------------


def test_opening_a_period_creates_one_report_per_member_body_and_a_regional_one(period, coalition):
    reports = ProgressReport.objects.filter(period=period)
    assert reports.filter(is_regional=False).count() == 9
    hn = report_of(period, coalition["HN"])
    assert sorted(hn.entries.values_list("activity__code", flat=True)) == ["1.1.1", "1.1.2"]
    regional = report_of(period, None)
    assert list(regional.entries.values_list("activity__code", flat=True)) == ["2.1.1"]
    assert hn.status == ProgressReport.Status.DRAFT and hn.version == 1
    assert hn.history.count() == 1  # created with history


def test_only_st_opens_periods_of_approved_poas_once_per_semester(
    poa, coalition, st_user, focal_point_hn
):
    with pytest.raises(PermissionDenied):
        open_period(focal_point_hn, poa)
    with refused("due_before_opening"):
        open_period(st_user, poa, opens_on=DUE, due_on=OPENS)
    open_period(st_user, poa)
    with refused("period_exists"):
        open_period(st_user, poa)
    poa.status = "draft"
    poa.save()
    with refused("poa_not_approved"):
        open_period(st_user, poa, semester=2)


# --- Row rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [-1, 101, 250])
def test_progress_must_be_between_0_and_100(period, coalition, focal_point_hn, value):
    report = report_of(period, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(report, focal_point_hn, _row(report, "1.1.1", value))
    assert (
        exc.value.rows[activity(period.poa, "1.1.1").pk]["progress"][0].code
        == "progress_out_of_range"
    )


def test_progress_of_0_and_100_are_accepted(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    _save(
        report,
        focal_point_hn,
        _row(report, "1.1.1", 100),
        _row(report, "1.1.2", 0, justification="Sin fondos"),
    )
    values = dict(report.entries.values_list("activity__code", "progress"))
    assert values == {"1.1.1": 100, "1.1.2": 0}


def test_justification_is_required_below_the_semester_plan(period, coalition, focal_point_hn):
    """Semester I plan of 1.1.1 is 50%: 49% needs a justification, 50% does not."""
    report = report_of(period, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(report, focal_point_hn, _row(report, "1.1.1", 49))
    assert exc.value.codes() == {"justification_required"}
    _save(report, focal_point_hn, _row(report, "1.1.1", 50))
    _save(report, focal_point_hn, _row(report, "1.1.1", 49, justification="Falta de fondos"))


def test_justification_threshold_at_year_end_is_the_capped_sum_of_both_semesters(
    poa, coalition, st_user, focal_point_hn
):
    period = open_period(st_user, poa, semester=2)
    report = report_of(period, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(report, focal_point_hn, _row(report, "1.1.1", 99))
    assert exc.value.codes() == {"justification_required"}
    _save(report, focal_point_hn, _row(report, "1.1.1", 100))


def test_goal_status_is_suggested_from_the_figures(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    _save(
        report,
        focal_point_hn,
        _row(report, "1.1.1", 60),
        _row(report, "1.1.2", 20, justification="x"),
    )
    status = dict(report.entries.values_list("activity__code", "goal_status"))
    assert status == {"1.1.1": "in_progress", "1.1.2": "delayed"}
    _save(report, focal_point_hn, _row(report, "1.1.1", 100))
    assert report.entries.get(activity__code="1.1.1").goal_status == "achieved"
    assert services.suggest_goal_status(0, 0) == "not_started"


def test_another_goal_status_than_the_suggested_needs_a_reason(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(report, focal_point_hn, _row(report, "1.1.1", 60, goal_status="cancelled"))
    assert exc.value.codes() == {"status_override_needs_reason"}
    _save(
        report,
        focal_point_hn,
        _row(
            report, "1.1.1", 60, goal_status="cancelled", status_override_reason="Acuerdo del Pleno"
        ),
    )
    assert report.entries.get(activity__code="1.1.1").goal_status == "cancelled"


def test_achieved_needs_100_percent_even_with_a_reason(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(
            report,
            focal_point_hn,
            _row(report, "1.1.1", 90, goal_status="achieved", status_override_reason="casi"),
        )
    assert exc.value.codes() == {"achieved_needs_100"}


def test_achieved_document_goal_needs_evidence(period, st_user):
    report = report_of(period, None)
    entry = report.entries.get()
    assert services.is_document_goal(entry.activity)
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(report, st_user, _row(report, "2.1.1", 100))
    assert exc.value.codes() == {"achieved_needs_evidence"}
    services.evidence_add(
        user=st_user,
        entry=entry,
        file=SimpleUploadedFile("diagnostico.pdf", PDF, "application/pdf"),
    )
    _save(report, st_user, _row(report, "2.1.1", 100))
    assert report.entries.get().goal_status == "achieved"
    # A link given with the row is evidence too.
    other = report.entries.get()
    with refused("evidence_still_needed"):
        services.evidence_remove(user=st_user, evidence=other.evidence.get())


def test_a_link_in_the_row_counts_as_evidence_for_an_achieved_document(period, st_user):
    report = report_of(period, None)
    _save(
        report, st_user, _row(report, "2.1.1", 100, links=["https://example.org/diagnostico.pdf"])
    )
    assert Evidence.objects.get().url == "https://example.org/diagnostico.pdf"


def test_non_document_goal_is_achieved_without_evidence(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    assert not services.is_document_goal(report.entries.first().activity)
    _save(report, focal_point_hn, _row(report, "1.1.1", 100, goal_status="achieved"))


def test_evidence_files_are_checked_by_content(period, st_user):
    entry = report_of(period, None).entries.get()
    with refused("file_wrong_type"):
        services.evidence_add(
            user=st_user,
            entry=entry,
            file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        )
    with refused("evidence_file_or_link"):
        services.evidence_add(user=st_user, entry=entry)


def test_progress_cannot_go_down_from_the_previous_period_without_a_reason(
    period, coalition, st_user, focal_point_hn
):
    hn = report_of(period, coalition["HN"])
    report_approved(hn, focal_point_hn, st_user, {"1.1.1": 60, "1.1.2": 50})
    second = open_period(
        st_user, period.poa, semester=2, opens_on=dt.date(2019, 12, 1), due_on=dt.date(2020, 1, 15)
    )
    report = report_of(second, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid) as exc:
        _save(report, focal_point_hn, _row(report, "1.1.1", 40, justification="x"))
    error = exc.value.rows[activity(period.poa, "1.1.1").pk]["decrease_reason"][0]
    assert error.code == "progress_decrease_needs_reason" and error.params == {"previous": 60}
    _save(
        report,
        focal_point_hn,
        _row(report, "1.1.1", 40, justification="x", decrease_reason="Se recalculó"),
    )
    _save(report, focal_point_hn, _row(report, "1.1.1", 60, justification="x"))  # equal: fine


# --- Workflow -----------------------------------------------------------------------------


def test_submission_needs_every_row_filled(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50})
    with pytest.raises(services.ReportRowsInvalid) as exc:
        submit(report, focal_point_hn)
    assert exc.value.codes() == {"progress_required"}
    fill(report, focal_point_hn, {"1.1.2": 50})
    report = submit(report, focal_point_hn)
    assert (
        report.status == "submitted"
        and report.first_submitted_at
        and report.submitted_by == focal_point_hn
    )


def test_draft_submitted_returned_submitted_approved(period, coalition, st_user, focal_point_hn):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    with refused("already_submitted"):
        submit(report, focal_point_hn)
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.progress_report_approve(
            user=focal_point_hn, report=report, expected_version=report.version
        )
    with refused("comment_required"):
        services.progress_report_return(
            user=st_user, report=report, expected_version=report.version, comment=" "
        )
    services.progress_report_return(
        user=st_user, report=report, expected_version=report.version, comment="Revise 1.1.2"
    )
    report.refresh_from_db()
    assert report.status == "returned" and report.review_comment == "Revise 1.1.2"
    first = report.first_submitted_at
    fill(report, focal_point_hn, {"1.1.2": 60}, reason="Corrección pedida por la ST")
    submit(report, focal_point_hn)
    report = approve(report, st_user)
    assert report.status == "approved" and report.reviewed_by == st_user
    assert report.first_submitted_at == first


def test_only_a_submitted_report_is_reviewed(period, coalition, st_user):
    report = report_of(period, coalition["HN"])
    with refused("not_submitted"):
        approve(report, st_user)


def test_after_submission_every_change_needs_a_reason_kept_in_history(
    period, coalition, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    with refused("change_reason_required"):
        fill(report, focal_point_hn, {"1.1.1": 70})
    fill(report, focal_point_hn, {"1.1.1": 70}, reason="Dato actualizado del taller")
    entry = report.entries.get(activity__code="1.1.1")
    last = entry.history.first()
    assert last.history_change_reason == "Dato actualizado del taller"
    assert last.history_user == focal_point_hn
    change = next(c for c in report_history(report=report) if c.reason)
    assert change.user == focal_point_hn and change.subject.endswith("1.1.1")
    label = str(ProgressEntry._meta.get_field("progress").verbose_name)  # "% de avance"
    assert (label, 50, 70) in [(str(f), o, n) for f, o, n in change.changes]


def test_a_focal_point_edits_only_their_own_body_report(
    period, coalition, st_user, focal_point_hn, focal_point_gt, delegate
):
    gt = report_of(period, coalition["GT"])
    for user in (focal_point_hn, delegate, st_user):
        with pytest.raises(PermissionDenied):
            fill(gt, user, {"1.1.1": 50})
        with pytest.raises(PermissionDenied):
            submit(gt, user)
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            user=focal_point_hn, entry=gt.entries.first(), url="https://example.org"
        )
    with pytest.raises(PermissionDenied):
        fill(report_of(period, None), focal_point_hn, {"2.1.1": 10})
    fill(gt, focal_point_gt, {"1.1.1": 50})


def test_an_approved_report_is_locked(period, coalition, st_user, focal_point_hn):
    report = report_of(period, coalition["HN"])
    report_approved(report, focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50})
    with refused("report_approved"):
        fill(report, focal_point_hn, {"1.1.1": 60}, reason="quiero cambiarlo")
    with refused("report_approved"):
        services.evidence_add(
            user=focal_point_hn,
            entry=report.entries.first(),
            url="https://x.org",
            change_reason="r",
        )


def test_a_closed_period_is_locked_and_refuses_every_edit(
    period, coalition, st_user, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50})
    services.reporting_period_close(user=st_user, period=period)
    with refused("period_locked"):
        fill(report, focal_point_hn, {"1.1.1": 60})
    with refused("period_locked"):
        submit(report, focal_point_hn)
    with refused("period_already_closed"):
        services.reporting_period_close(user=st_user, period=period)


def test_a_period_with_reports_awaiting_review_cannot_close(
    period, coalition, st_user, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    with pytest.raises(ValidationError) as exc:
        services.reporting_period_close(user=st_user, period=period)
    assert exc.value.code == "period_has_pending_reviews" and exc.value.params == {"n": 1}


def test_st_reopens_one_report_of_a_locked_period_with_an_audited_reason(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    hn = report_of(period, coalition["HN"])
    report_approved(hn, focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50})
    services.reporting_period_close(user=st_user, period=period)
    with refused("reason_required"):
        services.progress_report_reopen(user=st_user, report=hn, reason="  ")
    with pytest.raises(PermissionDenied):
        services.progress_report_reopen(user=focal_point_hn, report=hn, reason="quiero")
    services.progress_report_reopen(user=st_user, report=hn, reason="Error de digitación en 1.1.1")
    hn.refresh_from_db()
    assert hn.status == "returned" and hn.reopened
    assert hn.history.first().history_change_reason == "Error de digitación en 1.1.1"
    fill(hn, focal_point_hn, {"1.1.1": 55}, reason="Corrige digitación")
    submit(hn, focal_point_hn)
    approve(hn, st_user)
    hn.refresh_from_db()
    assert not hn.reopened  # the exception ends with the approval: locked again
    with refused("report_approved"):
        fill(hn, focal_point_hn, {"1.1.1": 60}, reason="otra vez")
    # The other bodies' reports stay locked.
    with refused("period_locked"):
        fill(report_of(period, coalition["GT"]), focal_point_gt, {"1.1.1": 60})


def test_an_editable_report_is_not_reopened(period, coalition, st_user):
    with refused("report_not_locked"):
        services.progress_report_reopen(
            user=st_user, report=report_of(period, coalition["HN"]), reason="x"
        )


# --- Optimistic concurrency ---------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused(period, coalition, focal_point_hn):
    """Two browser tabs (or two people of the same body) open version 1; the first saves,
    the second is refused with stale_version instead of overwriting the first."""
    report = report_of(period, coalition["HN"])
    opened = report.version
    _save(report, focal_point_hn, _row(report, "1.1.1", 70), version=opened)
    with pytest.raises(ValidationError) as exc:
        _save(report, focal_point_hn, _row(report, "1.1.1", 55, justification="x"), version=opened)
    assert exc.value.code == "stale_version"
    assert exc.value.params == {"current": opened + 1, "expected": opened}
    assert report.entries.get(activity__code="1.1.1").progress == 70


def test_a_refused_save_does_not_consume_the_version(period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    with pytest.raises(services.ReportRowsInvalid):
        _save(report, focal_point_hn, _row(report, "1.1.1", 500))
    report.refresh_from_db()
    assert report.version == 1


def test_review_decisions_are_refused_on_a_stale_version(
    period, coalition, st_user, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    seen = report.version
    fill(report, focal_point_hn, {"1.1.1": 80}, reason="Nuevo dato")
    with refused("stale_version"):
        services.progress_report_approve(user=st_user, report=report, expected_version=seen)


def test_the_database_constraint_refuses_progress_over_100_too(period, coalition):
    entry = report_of(period, coalition["HN"]).entries.first()
    entry.progress = 120
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert [e.code for e in exc.value.error_dict["__all__"]] == ["progress_out_of_range"]
