"""The links of the monitoring e-mails (issue 16): "period opened", the reminder before the
due date and "report reviewed" carry the site's public address (settings.SITE_URL) and,
followed by their recipient, land on their own report."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from monitoring import services
from monitoring.tests.factories import fill, report_of, submit

pytestmark = pytest.mark.django_db

SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def follow(message, user, report, *, template: str) -> None:
    """Every link of `message` is on the site; signed out it asks to sign in, signed in as
    the recipient it opens `report` on the page named by `template`."""
    urls = URL.findall(message.body)
    assert urls, "the e-mail has no link"
    for url in urls:
        assert url.startswith(SITE + "/"), url
        path = urlsplit(url).path
        assert Client().get(path).status_code == 302
        client = Client()
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, url
        assert response.context["report"].pk == report.pk
        assert template in [t.name for t in response.templates]


def test_period_opened_links_to_the_recipients_report_form(
    poa, coalition, st_user, focal_point_hn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        period = services.reporting_period_open(
            user=st_user,
            poa=poa,
            semester=1,
            opens_on=dt.date(2019, 6, 1),
            due_on=dt.date(2019, 7, 15),
        )
    (message,) = [m for m in mail.outbox if m.to == [focal_point_hn.email]]
    follow(
        message,
        focal_point_hn,
        report_of(period, coalition["HN"]),
        template="monitoring/report_form.html",
    )


def test_the_reminder_links_to_the_report_form(poa, coalition, st_user, focal_point_hn):
    today = timezone.localdate()
    period = services.reporting_period_open(
        user=st_user, poa=poa, semester=1, opens_on=today, due_on=today + dt.timedelta(days=7)
    )
    mail.outbox.clear()
    assert services.due_reminders_send(today=today, days=[7]) == 1
    follow(
        mail.outbox[0],
        focal_point_hn,
        report_of(period, coalition["HN"]),
        template="monitoring/report_form.html",
    )


def test_report_reviewed_links_to_the_report(
    period, coalition, st_user, focal_point_hn, django_capture_on_commit_callbacks
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report_return(
            user=st_user, report=report, expected_version=report.version, comment="Falta evidencia"
        )
    follow(mail.outbox[0], focal_point_hn, report, template="monitoring/report_detail.html")
