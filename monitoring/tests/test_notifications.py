"""E-mails of the workflow (issue #4): period opened, reminder N days before the due date
(Celery beat), report returned or approved. They leave after commit, through Celery."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import User
from members.tests.factories import UserFactory
from monitoring import services, tasks
from monitoring.tests.factories import fill, open_period, report_of, submit

pytestmark = pytest.mark.django_db


def test_opening_a_period_emails_the_focal_points_after_commit(
    poa, coalition, st_user, focal_point_hn, focal_point_gt, django_capture_on_commit_callbacks
):
    UserFactory(
        username="fp-cr-sin-correo",
        email="",
        role=User.Role.FOCAL_POINT,
        national_body=coalition["CR"],
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        period = open_period(st_user, poa)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["fp-gt@example.org", "fp-hn@example.org"]
    hn = next(m for m in mail.outbox if m.to == ["fp-hn@example.org"])
    assert (
        reverse("monitoring:report-edit", args=[report_of(period, coalition["HN"]).pk]) in hn.body
    )


def test_returning_and_approving_email_the_focal_point(
    period, coalition, st_user, focal_point_hn, django_capture_on_commit_callbacks
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report_return(
            user=st_user,
            report=report,
            expected_version=report.version,
            comment="Falta evidencia de 1.1.1",
        )
    assert [m.to for m in mail.outbox] == [["fp-hn@example.org"]]
    assert "Falta evidencia de 1.1.1" in mail.outbox[0].body
    fill(report, focal_point_hn, {"1.1.1": 55}, reason="Corregido")
    submit(report, focal_point_hn)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report_approve(
            user=st_user, report=report, expected_version=report.version
        )
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["fp-hn@example.org"]
    assert reverse("monitoring:report-detail", args=[report.pk]) in mail.outbox[1].body


def test_regional_report_decisions_go_to_the_secretariat(
    period, st_user, django_capture_on_commit_callbacks
):
    regional = report_of(period, None)
    services.evidence_add(
        user=st_user, entry=regional.entries.get(), url="https://example.org/d.pdf"
    )
    fill(regional, st_user, {"2.1.1": 100})
    submit(regional, st_user)
    regional.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report_approve(
            user=st_user, report=regional, expected_version=regional.version
        )
    assert [m.to for m in mail.outbox] == [["st@example.org"]]


def test_reminders_go_n_days_before_the_due_date_to_bodies_not_submitted(
    poa, coalition, st_user, focal_point_hn, focal_point_gt
):
    today = timezone.localdate()
    period = open_period(st_user, poa, opens_on=today, due_on=today + dt.timedelta(days=7))
    gt = report_of(period, coalition["GT"])
    fill(gt, focal_point_gt, {"1.1.1": 50, "1.1.2": 50})
    submit(gt, focal_point_gt)
    mail.outbox.clear()
    assert services.due_reminders_send(today=today, days=[7]) == 1
    assert [m.to for m in mail.outbox] == [["fp-hn@example.org"]]
    assert services.due_reminders_send(today=today, days=[6, 1]) == 0  # not those days
    assert tasks.send_due_reminders.delay().get() == (
        1 if 7 in settings.MONITORING_REMINDER_DAYS else 0
    )


def test_a_daily_beat_entry_runs_the_reminder_task():
    from coalicion.celery_app import app

    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-due-reminders"]
    assert entry["task"] == "monitoring.send_due_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert entry["task"] in app.tasks
    assert settings.MONITORING_REMINDER_DAYS == [7, 1]
