"""History pages show what users read, not stored codes (issue 25): choice labels, Yes/No for
booleans, "Changed" in the page's language; in Spanish and English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from common.history_display import display_value, field_label, history_type_label
from members.models import Person
from members.tests.factories import PersonFactory
from monitoring.models import ProgressReport
from monitoring.tests.factories import open_period, report_approved, report_of, small_poa

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "en"])
def test_display_value_turns_codes_into_words(language):
    with translation.override(language):
        status = ProgressReport.Status
        assert display_value(ProgressReport, "status", "approved") == str(status.APPROVED.label)
        assert display_value(ProgressReport, "reopened", True) == translation.gettext("Yes")
        assert display_value(ProgressReport, "reopened", False) == translation.gettext("No")
        assert display_value(ProgressReport, "review_comment", "") == "—"
        assert display_value(Person, "language", "en") == str(Person.Language.EN.label)
        assert history_type_label("~") == translation.gettext("Changed")
        assert field_label(ProgressReport, "status")[0].isupper()
    with translation.override("en"):
        assert display_value(Person, "position", None) == "—"
        assert display_value(ProgressReport, "status", "submitted") == "Submitted"
        assert display_value(Person, "anonymised_at", dt.date(2026, 3, 10)) == "10/03/2026"


@pytest.mark.parametrize("language", ["es", "en"])
def test_report_history_shows_status_labels_and_yes_no(
    client, language, coalition, st_user, focal_point_hn
):
    period = open_period(st_user, small_poa())
    report = report_of(period, coalition["HN"])
    report_approved(report, focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50})
    client.force_login(st_user)
    client.post(
        reverse("monitoring:report-reopen", args=[report.pk]), {"reason": "Cifra mal digitada"}
    )
    client.cookies["django_language"] = language
    html = client.get(reverse("monitoring:report-history", args=[report.pk])).content.decode()
    with translation.override(language):
        status = ProgressReport.Status
        assert f"{status.SUBMITTED.label} → {status.APPROVED.label}" in html
        assert f"{translation.gettext('No')} → {translation.gettext('Yes')}" in html
    assert "submitted → approved" not in html
    assert "False → True" not in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_object_history_shows_choice_labels_and_translated_change_type(
    client, language, coalition, st_user
):
    person = PersonFactory(country=coalition["HN"].country, language="es")
    person.language = "en"
    person.save()
    client.force_login(st_user)
    client.cookies["django_language"] = language
    detail = client.get(reverse("history-detail", args=["members", "person", person.pk]))
    listing = client.get(reverse("history")).content.decode()
    html = detail.content.decode()
    with translation.override(language):
        assert f"<td>{Person.Language.ES.label}</td><td>{Person.Language.EN.label}</td>" in html
        assert translation.gettext("Changed") in listing
    assert "<td>es</td>" not in html and "<td>language</td>" not in html
