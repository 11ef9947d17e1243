"""GOV.UK error summary on every form page (issue 25): after a failed submit the page starts
with a summary (role="alert", focusable, "There is a problem") whose links go to the inputs
in error, the title starts with "Error: ", and every aria-describedby names an element of the
page; in Spanish and English."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MotionFactory
from monitoring.tests.factories import open_period, report_approved, report_of, small_poa
from tests.a11y.conftest import described_by, error_summary, ids_of, title_of

pytestmark = pytest.mark.django_db


def assert_accessible_failure(response, language: str, *, fields: list[str]) -> str:
    """The checks every failed submit must pass; returns the summary's HTML."""
    assert response.status_code == 200
    html = response.content.decode()
    summary = error_summary(html)
    assert summary, "no error summary"
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    ids = ids_of(html)
    links = re.findall(r'<a href="#([^"]+)"', summary)
    assert links, "the summary links to no field"
    missing = [link for link in links if link not in ids]
    assert not missing, f"summary links to missing ids {missing}"
    for field in fields:
        assert field in links, f"{field} not linked from the summary ({links})"
    dangling = [i for i in described_by(html) if i not in ids]
    assert not dangling, f"aria-describedby names missing ids {dangling}"
    with translation.override(language):
        assert title_of(html).startswith(translation.gettext("Error: "))
        assert translation.gettext("There is a problem") in summary
    # The summary comes before the form it describes.
    assert html.index("data-error-summary") < html.index(f'id="{links[0]}"')
    return summary


def test_person_form(client, language, st_user):
    client.force_login(st_user)
    response = client.post(reverse("members:person-create"), {"first_name": ""})
    assert_accessible_failure(response, language, fields=["id_first_name", "id_last_name"])


def test_meeting_form(client, language, presidency_user):
    client.force_login(presidency_user)
    response = client.post(reverse("meetings:create"), {"kind": "ordinary"})
    assert_accessible_failure(response, language, fields=["id_title", "id_starts_at"])


def test_motion_form(client, language, coalition, st_user):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    client.force_login(st_user)
    response = client.post(reverse("meetings:motion-create", args=[meeting.pk]), {"text": ""})
    assert_accessible_failure(response, language, fields=["id_text"])


def test_progress_report_form_with_its_formset(
    client, language, coalition, st_user, focal_point_hn
):
    from monitoring.tests.test_views import _rows_post

    period = open_period(st_user, small_poa())
    report = report_of(period, coalition["HN"])
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[report.pk])
    response = client.post(
        url, _rows_post(report, {"1.1.1": {"progress": 20}, "1.1.2": {"progress": 300}})
    )
    summary = assert_accessible_failure(response, language, fields=[])
    assert re.search(r'href="#id_rows-\d-justification"', summary)
    assert re.search(r'href="#id_rows-\d-progress"', summary)


def test_progress_report_reason_for_change_is_described_by_existing_ids(
    client, language, coalition, st_user, focal_point_hn
):
    """A change after submission needs a reason: its input's aria-describedby names its help
    text and its error message, both on the page (they were missing before issue 25)."""
    from monitoring.tests.factories import fill, submit
    from monitoring.tests.test_views import _rows_post

    period = open_period(st_user, small_poa())
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("monitoring:report-edit", args=[report.pk]),
        _rows_post(report, {"1.1.1": {"progress": 80}, "1.1.2": {"progress": 50}}),
    )
    assert_accessible_failure(response, language, fields=["id_change_reason"])
    html = response.content.decode()
    assert 'id="id_change_reason_error"' in html
    assert "id_change_reason_error" in described_by(html)


def test_reopen_form(client, language, coalition, st_user, focal_point_hn):
    period = open_period(st_user, small_poa())
    report = report_of(period, coalition["HN"])
    report_approved(report, focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50})
    client.force_login(st_user)
    response = client.post(reverse("monitoring:report-reopen", args=[report.pk]), {"reason": ""})
    assert_accessible_failure(response, language, fields=["id_reason"])


def test_a_page_without_errors_has_no_summary_and_a_plain_title(client, language, st_user):
    client.force_login(st_user)
    html = client.get(reverse("members:person-create")).content.decode()
    assert not error_summary(html)
    with translation.override(language):
        assert not title_of(html).startswith(translation.gettext("Error: "))
        assert translation.gettext("Fields marked with * are required.") in html
    assert " novalidate" in html


def test_attendance_form_has_novalidate_and_says_what_is_wrong(
    client, language, coalition, st_user
):
    """The htmx attendance form comes back bound, with the error summary above it linking to
    the field (its script moves the focus there); the form lets the server, not the browser,
    say what is missing."""
    meeting = MeetingFactory()
    client.force_login(st_user)
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = client.post(url, {"capacity": "titular"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    summary = error_summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert re.findall(r'<a href="#([^"]+)"', summary) == ["id_person"]
    assert 'id="id_person"' in html and html.index(summary) < html.index('id="id_person"')
    assert 'value="titular" selected' in html  # bound: what was chosen stays
    form = re.search(rf'<form[^>]*hx-post="{re.escape(url)}"[^>]*>', html, re.S).group(0)
    assert "novalidate" in form and "data-focus-first" in form
    assert not [i for i in described_by(html) if i not in ids_of(html)]


def test_vote_correction_and_motion_vote_forms_render_without_dangling_ids(
    client, coalition, st_user
):
    meeting = MeetingFactory()
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    client.force_login(st_user)
    html = client.get(reverse("meetings:vote", args=[motion.pk])).content.decode()
    assert not [i for i in described_by(html) if i not in ids_of(html)]
