"""The statistics returns' pages (issue 20): who sees which return, the figures form with
sum errors shown on their cells, the workflow buttons and the publish confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from members.models import Country
from stats import services
from stats.cells import TOTAL
from stats.loaders import load_cube
from stats.models import Figure, StatisticsReturn
from stats.selectors.returns import cube_layout, figure_key, return_figures
from stats.tests.factories import StatisticsReturnFactory, complete_figures

State = StatisticsReturn.State
V = "victims_identified"


@pytest.fixture(autouse=True)
def cube(db):
    load_cube()


@pytest.fixture
def hn_return(focal_point_hn):
    return StatisticsReturnFactory(
        country=Country.objects.get(iso_code="HN"), created_by=focal_point_hn
    )


def _url(name, r):
    return reverse(f"stats:{name}", args=[r.pk])


def _form_data(statistics_return, figures):
    """The POST of the figures form of a return with no country entered yet: countries of
    citizenship go in the blank rows where a country is added."""
    data: dict[str, object] = {"version": statistics_return.version}
    added: dict[str, int] = {}
    for (m, c), v in figures.items():
        if c.startswith("citizenship=") and c != "citizenship=unknown":
            i = added[m] = added.get(m, -1) + 1
            data[f"new:{m}:citizenship:{i}:country"] = c.split("=")[1]
            data[f"new:{m}:citizenship:{i}:value"] = v
        else:
            data[figure_key(m, c)] = v
    return data


def _submit_complete(user, r):
    services.figures_save(
        user=user,
        statistics_return=r,
        figures=complete_figures(cube_layout()),
        expected_version=r.version,
    )
    r.refresh_from_db()
    return services.return_submit(user=user, statistics_return=r, expected_version=r.version)


def test_the_list_shows_a_focal_point_their_countrys_returns(client, focal_point_hn, hn_return):
    StatisticsReturnFactory(country=Country.objects.get(iso_code="GT"))
    client.force_login(focal_point_hn)
    page = client.get(reverse("stats:return-list"))
    assert page.status_code == 200
    doc = html.fromstring(page.content)
    rows = doc.xpath("//table/tbody/tr")
    assert len(rows) == 1 and "Honduras" in rows[0].text_content()
    assert doc.xpath("//table/caption")


def test_the_list_has_an_empty_state(client, st_user):
    client.force_login(st_user)
    page = client.get(reverse("stats:return-list"))
    assert b"empty-state" in page.content


def test_others_have_no_statistics_pages(client, delegate, hn_return):
    client.force_login(delegate)
    assert client.get(reverse("stats:return-list")).status_code == 403
    assert client.get(_url("return-detail", hn_return)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, hn_return):
    assert client.get(_url("return-detail", hn_return)).status_code == 302


def test_a_focal_point_opens_a_return(client, focal_point_hn):
    client.force_login(focal_point_hn)
    response = client.post(reverse("stats:return-create"), {"year": 2024, "semester": ""})
    created = StatisticsReturn.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("return-edit", created)
    assert created.country.iso_code == "HN"


def test_a_focal_point_is_refused_on_another_countrys_figures_page(
    client, focal_point_gt, hn_return
):
    client.force_login(focal_point_gt)
    assert client.get(_url("return-edit", hn_return)).status_code == 404
    response = client.post(_url("return-edit", hn_return), _form_data(hn_return, {(V, TOTAL): 3}))
    assert response.status_code == 404
    assert client.get(_url("return-template", hn_return)).status_code == 404
    assert not Figure.objects.exists()


def test_st_reads_but_does_not_enter_figures(client, st_user, hn_return):
    client.force_login(st_user)
    assert client.get(_url("return-detail", hn_return)).status_code == 200
    assert client.get(_url("return-edit", hn_return)).status_code == 403
    assert client.post(_url("return-import", hn_return)).status_code == 403


def test_the_form_saves_a_draft(client, focal_point_hn, hn_return):
    client.force_login(focal_point_hn)
    assert client.get(_url("return-edit", hn_return)).status_code == 200
    data = _form_data(hn_return, {(V, TOTAL): 9, (V, "sex=female"): 4})
    data.update({f"new:{V}:citizenship:0:country": "VE", f"new:{V}:citizenship:0:value": 2})
    response = client.post(_url("return-edit", hn_return), {**data, "action": "save"})
    assert response.status_code == 302
    assert return_figures(hn_return) == {
        (V, TOTAL): 9,
        (V, "sex=female"): 4,
        (V, "citizenship=VE"): 2,
    }


def test_a_sum_error_is_shown_on_its_cell(client, focal_point_hn, hn_return):
    figures = complete_figures(cube_layout())
    figures[V, "sex=female"] = 15
    client.force_login(focal_point_hn)
    response = client.post(
        _url("return-edit", hn_return), {**_form_data(hn_return, figures), "action": "submit"}
    )
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    invalid = doc.xpath("//input[contains(@class, 'is-invalid')]")
    # sex adds up to 15, not 20; and the female row of sex × age (20) is not sex's 15
    assert [i.get("name") for i in invalid] == [f"{V}:sex=unknown", f"{V}:age=unknown;sex=female"]
    feedback = doc.get_element_by_id(f"{invalid[0].get('id')}-error")
    assert "15" in feedback.text_content() and "20" in feedback.text_content()
    summary = doc.xpath("//*[@data-error-summary]//a/@href")
    assert summary == [f"#{i.get('id')}" for i in invalid]
    hn_return.refresh_from_db()
    assert hn_return.state == State.DRAFT  # saved, not submitted
    assert return_figures(hn_return)[V, "sex=female"] == 15
    # the form shown again carries the new version: saving it again works
    version = doc.xpath("//input[@name='version']")[0].get("value")
    assert int(version) == hn_return.version


def test_save_and_submit(client, focal_point_hn, hn_return):
    client.force_login(focal_point_hn)
    data = _form_data(hn_return, complete_figures(cube_layout()))
    response = client.post(_url("return-edit", hn_return), {**data, "action": "submit"})
    assert response.status_code == 302
    hn_return.refresh_from_db()
    assert hn_return.state == State.SUBMITTED


def test_a_stale_form_is_refused_on_the_page(client, focal_point_hn, hn_return):
    client.force_login(focal_point_hn)
    data = _form_data(hn_return, {(V, TOTAL): 1})
    client.post(_url("return-edit", hn_return), {**data, "action": "save"})
    response = client.post(_url("return-edit", hn_return), {**data, (figure_key(V, TOTAL)): 2})
    assert response.status_code == 200 and "version" in response.content.decode()
    assert return_figures(hn_return) == {(V, TOTAL): 1}


def test_submitting_an_incomplete_return_from_its_page_shows_the_cells(
    client, focal_point_hn, hn_return
):
    client.force_login(focal_point_hn)
    response = client.post(_url("return-submit", hn_return), {"version": hn_return.version})
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    invalid = doc.xpath("//input[contains(@class, 'is-invalid')]/@name")
    assert figure_key(V, TOTAL) in invalid


def test_the_summary_counts_the_empty_cells_per_measure_and_lists_every_other_error(
    client, focal_point_hn, hn_return
):
    layout = cube_layout()
    figures = complete_figures(layout)
    figures[V, "sex=female"] += 1  # a sum error: sex no longer adds up to the total
    smuggled = "smuggled_migrants"
    empty = sorted(c for m, c in figures if m == smuggled and c != TOTAL)
    for cell in empty:  # the smuggling breakdowns left empty; their total entered
        del figures[smuggled, cell]
    client.force_login(focal_point_hn)
    response = client.post(
        _url("return-edit", hn_return), {**_form_data(hn_return, figures), "action": "submit"}
    )
    doc = html.fromstring(response.content)
    rows = doc.xpath("//*[@data-error-summary]//li")
    links = [row.xpath(".//a/@href")[0] for row in rows]
    texts = [row.text_content().strip() for row in rows]
    # every empty cell is marked on the form, but the summary has one row for them
    invalid = doc.xpath("//input[contains(@class, 'is-invalid')]/@name")
    marked = [name for name in invalid if name.startswith(f"{smuggled}:")]
    assert len(marked) > 1 and len(rows) == 3
    assert f"{len(marked)} " in texts[2] and str(layout.measures[smuggled].name) in texts[2]

    def anchor(name):
        return "#" + doc.xpath(f"//input[@name='{name}']/@id")[0]

    assert links[2] == anchor(marked[0])  # the first in the page
    # the sum errors each keep their row, linked to their cell
    assert links[:2] == [anchor(f"{V}:sex=unknown"), anchor(f"{V}:age=unknown;sex=female")]


def test_the_buttons_follow_the_state(client, focal_point_hn, st_user, hn_return):
    client.force_login(focal_point_hn)
    page = client.get(_url("return-detail", hn_return)).content.decode()
    assert _url("return-edit", hn_return) in page and _url("return-submit", hn_return) in page
    assert _url("return-validate", hn_return) not in page
    _submit_complete(focal_point_hn, hn_return)
    client.force_login(st_user)
    page = client.get(_url("return-detail", hn_return)).content.decode()
    assert (
        _url("return-validate", hn_return) in page and _url("return-send-back", hn_return) in page
    )
    assert (
        _url("return-edit", hn_return) not in page and _url("return-publish", hn_return) not in page
    )


def test_st_validates_then_publishes_after_confirming(client, focal_point_hn, st_user, hn_return):
    r = _submit_complete(focal_point_hn, hn_return)
    client.force_login(st_user)
    client.post(_url("return-validate", r), {"version": r.version})
    r.refresh_from_db()
    assert r.state == State.VALIDATED
    confirm = client.get(_url("return-publish", r))
    assert confirm.status_code == 200
    r.refresh_from_db()
    assert r.state == State.VALIDATED  # the confirmation page publishes nothing
    client.post(_url("return-publish", r), {"version": r.version})
    r.refresh_from_db()
    assert r.state == State.PUBLISHED


def test_st_sends_back_with_a_note(client, focal_point_hn, st_user, hn_return):
    r = _submit_complete(focal_point_hn, hn_return)
    client.force_login(st_user)
    response = client.post(_url("return-send-back", r), {"version": r.version, "note": ""})
    assert response.status_code == 200
    r.refresh_from_db()
    assert r.state == State.SUBMITTED
    client.post(_url("return-send-back", r), {"version": r.version, "note": "Check ages."})
    r.refresh_from_db()
    assert (r.state, r.return_note) == (State.RETURNED, "Check ages.")
    client.force_login(focal_point_hn)
    assert b"Check ages." in client.get(_url("return-edit", r)).content


def test_a_focal_point_cannot_validate(client, focal_point_hn, hn_return):
    r = _submit_complete(focal_point_hn, hn_return)
    client.force_login(focal_point_hn)
    client.post(_url("return-validate", r), {"version": r.version})
    r.refresh_from_db()
    assert r.state == State.SUBMITTED
    assert client.get(_url("return-publish", r)).status_code == 403


@pytest.mark.parametrize(
    ("who", "listed"),
    [
        ("st_user", True),
        ("focal_point_hn", True),
        ("delegate", False),
        ("observer", False),
        ("partner", False),
        (None, False),
    ],
)
def test_the_menu_offers_the_returns_to_whoever_may_open_them(client, request, who, listed):
    user = request.getfixturevalue(who) if who else None
    if user:
        client.force_login(user)
    doc = html.fromstring(client.get(reverse("stats:trends")).content)
    link = reverse("stats:return-list")
    assert bool(doc.xpath(f"//nav//a[@href='{link}']")) is listed
    if user:
        assert (client.get(link).status_code == 200) is listed
