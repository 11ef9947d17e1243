"""The report form's rows are written by one lean template (issue 24: monitoring/_report_row.html
from EntryForm.cells, not one Django widget template per field). What its users rely on is
pinned here: every aria-describedby names an element of the page, a field in error is
is-invalid and aria-invalid and described by its message, what was typed and chosen comes
back after a failed submit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from monitoring.models import ProgressEntry
from monitoring.tests.factories import open_period, report_of, small_poa
from monitoring.tests.test_views import _rows_post
from tests.a11y.conftest import described_by, ids_of

pytestmark = pytest.mark.django_db

FIELDS = ("progress", "goal_status", "justification", "status_override_reason", "decrease_reason")


def _tag(html: str, field_id: str) -> str:
    """The opening tag of the control whose id is `field_id`."""
    match = re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert match, f"no control with id {field_id}"
    return match.group(0)


def _select(html: str, field_id: str) -> str:
    match = re.search(
        rf'<select\b[^>]*\bid="{re.escape(field_id)}"[^>]*>(.*?)</select>', html, re.S
    )
    assert match, f"no select with id {field_id}"
    return match.group(1)


def _selected(html: str, field_id: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', _select(html, field_id))


@pytest.fixture
def report(coalition, st_user):
    return report_of(open_period(st_user, small_poa()), coalition["HN"])


def test_rows_keep_the_widgets_attributes_and_the_stored_choice(client, report, focal_point_hn):
    ProgressEntry.objects.filter(report=report, activity__code="1.1.2").update(
        progress=0, goal_status=ProgressEntry.GoalStatus.CANCELLED
    )
    client.force_login(focal_point_hn)
    html = client.get(reverse("monitoring:report-edit", args=[report.pk])).content.decode()

    for i in (0, 1):
        assert f'name="rows-{i}-activity"' in html
        for name in FIELDS:
            field_id = f"id_rows-{i}-{name}"
            tag = _tag(html, field_id)
            assert f'name="rows-{i}-{name}"' in tag
            assert f'<label class="form-label small" for="{field_id}">' in html
            assert "aria-invalid" not in tag and "is-invalid" not in tag
    progress = _tag(html, "id_rows-1-progress")
    for attr in ('type="number"', 'min="0"', 'max="100"', 'step="1"', 'class="form-control"'):
        assert attr in progress
    assert 'value="0"' in progress  # 0 is a value, not an empty field
    assert "value=" not in _tag(html, "id_rows-0-progress")
    assert 'rows="2"' in _tag(html, "id_rows-0-justification")
    assert 'rows="1"' in _tag(html, "id_rows-0-decrease_reason")
    assert 'class="form-select"' in _tag(html, "id_rows-0-goal_status")
    assert _selected(html, "id_rows-0-goal_status") == [""]  # as the figures suggest
    assert _selected(html, "id_rows-1-goal_status") == ["cancelled"]  # an override
    ids = ids_of(html)
    assert all(i in ids for i in described_by(html))


def _assert_in_error(html: str, field_id: str) -> None:
    tag = _tag(html, field_id)
    assert 'aria-invalid="true"' in tag
    assert 'class="form-control is-invalid"' in tag
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}_error\b', tag)
    message = re.search(
        rf'<div class="invalid-feedback d-block" id="{field_id}_error">(.*?)</div>', html, re.S
    )
    assert message and '<p class="mb-0">' in message.group(1)


def _assert_plain(html: str, field_id: str) -> None:
    tag = _tag(html, field_id)
    assert "aria-invalid" not in tag and "is-invalid" not in tag
    assert "aria-describedby" not in tag


def test_a_refused_save_marks_the_fields_and_keeps_what_was_typed(client, report, focal_point_hn):
    """The rules' messages (monitoring.services) come back next to their fields."""
    client.force_login(focal_point_hn)
    typed = 'Falta de fondos <b> & "comillas"'
    response = client.post(
        reverse("monitoring:report-edit", args=[report.pk]),
        _rows_post(
            report,
            {
                "1.1.1": {"progress": 300, "goal_status": "achieved", "justification": typed},
                "1.1.2": {"progress": 20, "decrease_reason": "Menos que antes"},  # no justification
            },
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    ids = ids_of(html)
    dangling = [i for i in described_by(html) if i not in ids]
    assert not dangling, f"aria-describedby names missing ids {dangling}"
    _assert_in_error(html, "id_rows-0-progress")
    _assert_in_error(html, "id_rows-1-justification")
    _assert_plain(html, "id_rows-0-goal_status")
    _assert_plain(html, "id_rows-1-decrease_reason")

    assert 'value="300"' in _tag(html, "id_rows-0-progress")
    assert 'value="20"' in _tag(html, "id_rows-1-progress")
    assert _selected(html, "id_rows-0-goal_status") == ["achieved"]
    assert _selected(html, "id_rows-1-goal_status") == [""]
    escaped = "Falta de fondos &lt;b&gt; &amp; &quot;comillas&quot;"
    assert re.search(rf'id="id_rows-0-justification"[^>]*>\n{escaped}</textarea>', html)
    assert re.search(r'id="id_rows-1-decrease_reason"[^>]*>\nMenos que antes</textarea>', html)


def test_a_value_the_form_cannot_read_is_marked_and_kept(client, report, focal_point_hn):
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("monitoring:report-edit", args=[report.pk]),
        _rows_post(report, {"1.1.1": {"progress": "abc", "goal_status": "delayed"}}),
    )
    html = response.content.decode()
    _assert_in_error(html, "id_rows-0-progress")
    assert 'value="abc"' in _tag(html, "id_rows-0-progress")
    assert _selected(html, "id_rows-0-goal_status") == ["delayed"]
    assert all(i in ids_of(html) for i in described_by(html))
