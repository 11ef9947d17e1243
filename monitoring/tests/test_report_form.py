"""The report form's rows are written at once (issue 24: monitoring_tags.report_row from
EntryForm.cells, not one Django widget template per field, and on a GET from the initial
values without building the forms: forms.InitialRow). What its users rely on is pinned here:
every control is what Django's widget writes, every aria-describedby names an element of the
page, a field in error is is-invalid and aria-invalid and described by its message, what was
typed and chosen comes back after a failed submit, the row's evidence and figures."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator

from common.forms import LeanSelect
from monitoring import forms as monitoring_forms
from monitoring import selectors, services
from monitoring.forms import EntryForm, InitialRow
from monitoring.models import ProgressEntry
from monitoring.tests.factories import open_period, report_approved, report_of, small_poa
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


class _Parsed(HTMLParser):
    """An HTML fragment as (tag, attributes as a dict, text) events: the same control written
    with its attributes in another order, or other blank lines between its options, parses
    the same. A textarea's text is kept as it is, blanks included."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list = []
        self.tag = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.tag = ""
        self.events.append(("end", tag))

    def handle_data(self, data):
        if data.strip() or self.tag == "textarea":
            self.events.append(("text", data))


INITIALS = [
    {"activity": 7, "progress": None, "goal_status": "", "justification": ""},
    {"activity": 8, "progress": 0, "goal_status": "achieved", "justification": None},
    {
        "activity": 9,
        "progress": 55,
        "goal_status": "cancelled",
        "justification": "Sin fondos <b> & \"comillas\" 'o'",
        "status_override_reason": "Línea 1\nLínea 2",
        "decrease_reason": "  ",
    },
]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("initial", INITIALS)
def test_each_control_is_what_djangos_widget_writes(initial, language):
    """The lean writer (forms.row_cells) against Django's own widget templates, for an unbound
    row (InitialRow and EntryForm) and a row typed back (a bound EntryForm without errors)."""
    typed = {f"rows-4-{k}": "" if v is None else str(v) for k, v in initial.items()}
    with translation.override(language):
        unbound = EntryForm(initial=initial, prefix="rows-4")
        bound = EntryForm(typed, prefix="rows-4")
        assert bound.is_valid(), bound.errors
        lean = InitialRow("rows-4", initial)
        for name in EntryForm.base_fields:
            django_unbound = _Parsed(unbound[name].as_widget()).events
            assert _Parsed(lean.cells[name].control).events == django_unbound, name
            assert _Parsed(unbound.cells[name].control).events == django_unbound, name
            assert (
                _Parsed(bound.cells[name].control).events == _Parsed(bound[name].as_widget()).events
            ), name
            assert lean.cells[name].label == str(unbound[name].label)
            assert lean.cells[name].feedback == ""


def test_a_widget_the_writer_does_not_know_is_refused(monkeypatch):
    """A field added to EntryForm with a widget forms.row_cells cannot write fails loudly
    instead of being written wrong."""
    field = forms.MultipleChoiceField(choices=[("a", "A")], required=False)
    monkeypatch.setitem(EntryForm.base_fields, "progress", field)
    monkeypatch.setattr(monitoring_forms, "_SHAPES", {})
    with pytest.raises(TypeError, match="EntryForm.progress: SelectMultiple"):
        InitialRow("rows-0", {})
    monkeypatch.setitem(
        EntryForm.base_fields, "progress", forms.CharField(widget=forms.RadioSelect)
    )
    with pytest.raises(TypeError, match="EntryForm.progress: RadioSelect"):
        InitialRow("rows-0", {})
    # A subclass of a widget it writes may render otherwise: only the very classes pass.
    for widget in (forms.MultipleHiddenInput(), forms.NullBooleanSelect(), LeanSelect()):
        monkeypatch.setitem(EntryForm.base_fields, "progress", forms.CharField(widget=widget))
        with pytest.raises(TypeError, match=f"EntryForm.progress: {type(widget).__name__}"):
            InitialRow("rows-0", {})
    grouped = forms.ChoiceField(choices=[("Grupo", [("a", "A")])], required=False)
    monkeypatch.setitem(EntryForm.base_fields, "progress", grouped)
    with pytest.raises(TypeError, match="EntryForm.progress: grouped choices"):
        InitialRow("rows-0", {})


def test_a_get_draws_the_rows_without_building_a_form_each(client, report, focal_point_hn):
    """The page asks the formset only for its management form and errors: a template lookup
    of formset.<name> would build every row's EntryForm (formset[name] is tried first)."""
    client.force_login(focal_point_hn)
    response = client.get(reverse("monitoring:report-edit", args=[report.pk]))
    formset = response.context["formset"]
    assert "forms" not in formset.__dict__
    assert 'name="rows-TOTAL_FORMS" value="2"' in response.content.decode()
    for i, (entry, row) in enumerate(response.context["rows"]):
        assert isinstance(row, InitialRow)
        assert row.cells == EntryForm(initial=formset.initial[i], prefix=f"rows-{i}").cells
        assert row.cells["activity"].control.count(f'value="{entry.activity_id}"') == 1


def test_a_row_shows_its_figures_and_evidence(client, report, focal_point_hn):
    entry = report.entries.get(activity__code="1.1.1")
    services.evidence_add(
        user=focal_point_hn,
        entry=entry,
        url="https://example.org/a?x=1&y=2",
        description='Informe "anual" <b>2019</b> & un texto que pasa de cuarenta letras',
    )
    services.evidence_add(user=focal_point_hn, entry=entry, url="https://example.org/b")
    upload = services.evidence_add(
        user=focal_point_hn,
        entry=entry,
        file=SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    client.force_login(focal_point_hn)
    html = client.get(
        reverse("monitoring:report-edit", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    first, second = re.findall(r"<fieldset.*?</fieldset>", html, re.S)
    assert "<strong>1.1.1</strong>" in first and "<strong>1.1.2</strong>" in second
    assert "Programado al final de este semestre: 50 %" in first
    assert "periodo anterior" not in first  # semester I: nothing before
    links = re.findall(r"<a [^>]*>[^<]*</a>", first)
    download = reverse("monitoring:evidence-download", args=[upload.pk])
    assert links == [
        '<a href="https://example.org/a?x=1&amp;y=2" rel="noopener noreferrer nofollow">'
        "Informe &quot;anual&quot; &lt;b&gt;2019&lt;/b&gt; &amp; un texto …</a>",
        '<a href="https://example.org/b" rel="noopener noreferrer nofollow">'
        "https://example.org/b</a>",
        f'<a href="{download}">{escape(Truncator(upload.file.name).chars(40))}</a>',
        f'<a href="{reverse("monitoring:evidence-add", args=[entry.pk])}">'
        "Adjuntar un archivo o enlace</a>",
    ]
    assert first.count(" · <a ") == 3  # between the three links, then before "Attach"
    assert "<strong>Evidencia:</strong>\n        ninguna\n" in second
    # Each row's attach link opens its own row (the link's pattern is reversed once a page).
    other = report.entries.get(activity__code="1.1.2")
    attach = reverse("monitoring:evidence-add", args=[other.pk])
    assert re.findall(r'<a href="([^"]+)">[^<]*</a></p>', second) == [attach]


def test_a_row_of_semester_ii_shows_the_previous_figure_even_when_it_is_zero(
    coalition, st_user, focal_point_hn, client
):
    poa = small_poa()
    first = report_of(open_period(st_user, poa), coalition["HN"])
    report_approved(first, focal_point_hn, st_user, {"1.1.1": 0, "1.1.2": 45})
    second = report_of(open_period(st_user, poa, semester=2), coalition["HN"])
    client.force_login(focal_point_hn)
    html = client.get(
        reverse("monitoring:report-edit", args=[second.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    first_row, second_row = re.findall(r"<fieldset.*?</fieldset>", html, re.S)
    assert "Planned by the end of this semester: 100% · previous period: 0%</p>" in first_row
    assert "· previous period: 45%</p>" in second_row


def test_a_row_in_error_is_bordered_and_shows_its_own_message(report):
    """A message the rules give a row without naming a field (form.add_error(None, …) in the
    view) is shown on that row, escaped, and the row is bordered in red."""
    entry = selectors.report_detail(pk=report.pk).rows[0]
    row = Template("{% load monitoring_tags %}{% report_row entry form %}")
    typed = {"rows-0-activity": str(entry.activity_id), "rows-0-progress": "5"}
    form = EntryForm(typed, prefix="rows-0")
    assert form.is_valid()
    form.add_error(None, 'Fila <b>rechazada</b> & "otra"')
    html = row.render(Context({"entry": entry, "form": form}))
    assert '<fieldset class="card mb-3 border-danger">' in html
    assert (
        '<div class="alert alert-danger py-1">'
        "Fila &lt;b&gt;rechazada&lt;/b&gt; &amp; &quot;otra&quot;</div>"
    ) in html
    plain = row.render(Context({"entry": entry, "form": InitialRow("rows-0", typed)}))
    assert '<fieldset class="card mb-3">' in plain and "alert-danger" not in plain
