"""The POA matrix writes an activity's six cells at once ({% activity_cells %}, issue 24)
instead of ~20 template nodes a row. What the template wrote comes out the same, in both
languages, for every shape an activity's row can take: an activity continuing another
POA's, no goal or indicator, an indicator on several lines, no responsibles, each semester
empty, 0 or 100, and text that must be escaped."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from plans.models import POA
from plans.selectors.weights import Share
from plans.tests.factories import ActivityFactory, OperationalObjectiveFactory, POAFactory

pytestmark = pytest.mark.django_db

# The row the tag replaces (templates/plans/_poa_matrix.html before it).
BEFORE = Template(
    "{% load i18n shares %}"
    "<td><a href=\"{% url 'plans:activity-detail' poa.year activity.code %}\">{{ activity.code }}"
    '</a> <span lang="es">{{ activity.description }}</span><br>{% share_badge activity.share %}'
    "{% if activity.continues %}<br><small>{% blocktranslate with "
    "year=activity.continues.operational_objective.poa.year %}Continues unfinished work of POA "
    "{{ year }}.{% endblocktranslate %}</small>{% endif %}</td>"
    '<td lang="es">{{ activity.goal|default:"—" }}</td>'
    '<td lang="es">{{ activity.indicator|default:"—"|linebreaksbr }}</td>'
    '<td>{{ activity.responsible_names|default:"—" }}</td>'
    '<td class="text-end">{% if activity.semester_1 is None %}—{% else %}'
    "{{ activity.semester_1 }}%{% endif %}</td>"
    '<td class="text-end">{% if activity.semester_2 is None %}—{% else %}'
    "{{ activity.semester_2 }}%{% endif %}</td>"
)
AFTER = Template("{% load poa_matrix %}{% activity_cells activity poa %}")


def _activities() -> list:
    earlier = ActivityFactory(
        operational_objective=OperationalObjectiveFactory(poa=POAFactory(year=2019)), code="1.1.1"
    )
    poa = POAFactory(year=2020, status=POA.Status.APPROVED)
    op = OperationalObjectiveFactory(poa=poa)
    shapes = [
        {"continues": earlier},
        {"goal": "", "indicator": ""},
        {"indicator": "Número de talleres\nNúmero de personas <capacitadas>"},
        {"description": 'Campaña "Alto" & <b>difusión</b>', "goal": "100 % <50"},
        {"semester_1": None, "semester_2": 0},
        {"semester_1": 100, "semester_2": None},
        {"code": "2.1.1 bis"},
    ]
    activities = []
    for i, shape in enumerate(shapes):
        activity = ActivityFactory(operational_objective=op, **shape)
        activity.share = Share(weight=None, share=Decimal("14.29"), is_default=i % 2 == 0)
        activity.responsible_names = "" if i == 1 else "Presidencia, <ST> & CNCTP"
        activities.append(activity)
    return activities


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_shape_of_a_row_is_written_as_the_template_wrote_it(language):
    activities = _activities()
    with translation.override(language):
        for activity in activities:
            context = {"activity": activity, "poa": activity.operational_objective.poa}
            before = BEFORE.render(Context(context))
            after = AFTER.render(Context(context))
            assert after == before, activity.code
            assert after.count("<td") == 6


@pytest.mark.parametrize("language", ["es", "en"])
def test_rows_of_one_page_each_show_their_own_share(language):
    """Each different share's badge is written once a page and reused by the rows that
    have the same share; every row still shows its own."""
    shares = [
        Share(weight=None, share=Decimal("14.29"), is_default=True),
        Share(weight=Decimal("30"), share=Decimal("30"), is_default=False),
        Share(weight=None, share=Decimal("14.29"), is_default=True),
        Share(weight=Decimal("70"), share=Decimal("70"), is_default=False),
    ]
    activities = _activities()[: len(shares)]
    for activity, share in zip(activities, shares, strict=True):
        activity.share = share
    loop = "{% for activity in activities %}<tr>ROW</tr>{% endfor %}"
    before = Template(loop.replace("ROW", BEFORE.source))
    after = Template(loop.replace("ROW", AFTER.source))
    context = {"activities": activities, "poa": activities[0].operational_objective.poa}
    with translation.override(language):
        written = after.render(Context(context))
        assert written == before.render(Context(context))
        rows = written.split("<tr>")[1:]
        assert len(rows) == len(shares)
        for row, share in zip(rows, shares, strict=True):
            assert row.count("badge") == 1 and f">{share.label}</span>" in row


def test_the_link_opens_the_activity(client, st_user):
    activity = _activities()[-1]
    html = AFTER.render(Context({"activity": activity, "poa": activity.operational_objective.poa}))
    href = re.search(r'href="([^"]+)"', html).group(1)
    assert href == "/plans/poa/2020/activities/2.1.1%20bis/"
    client.force_login(st_user)
    assert client.get(href).status_code == 200


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_responsibles_names_are_their_names_in_order(language):
    from members.tests.factories import CommitteeFactory, NationalBodyFactory
    from plans import selectors
    from plans.models import ActivityResponsible
    from plans.tests.factories import ActivityResponsibleFactory

    poa = POAFactory(year=2021)
    op = OperationalObjectiveFactory(poa=poa)
    kinds = ActivityResponsible.Kind
    several, none = (
        ActivityFactory(operational_objective=op),
        ActivityFactory(operational_objective=op),
    )
    ActivityResponsibleFactory(activity=several, kind=kinds.PRESIDENCY)
    ActivityResponsibleFactory(
        activity=several, kind=kinds.COMMITTEE, committee=CommitteeFactory(name="Comité <A>")
    )
    ActivityResponsibleFactory(
        activity=several, kind=kinds.NATIONAL_BODY, national_body=NationalBodyFactory()
    )
    ActivityResponsibleFactory(activity=several, kind=kinds.NATIONAL_BODIES)
    with translation.override(language):
        [group] = selectors.poa_matrix(poa=poa)
        [row_several, row_none] = group.operational_objectives[0].activity_list
        expected = ", ".join(str(r) for r in several.responsibles.order_by("pk"))
    assert row_several.responsible_names == expected
    assert expected.count(", ") == 3 and "Comité <A>" in expected
    assert row_none.pk == none.pk and row_none.responsible_names == ""


def test_the_matrix_weighs_each_activity_among_all_its_siblings_even_filtered(
    django_assert_num_queries,
):
    """Unfiltered, the activities' own weights give their shares (three queries); filtered
    by responsible, the activities left out still count among the siblings (a fourth)."""
    from plans import selectors
    from plans.models import ActivityResponsible
    from plans.tests.factories import ActivityResponsibleFactory

    poa = POAFactory(year=2022)
    op = OperationalObjectiveFactory(poa=poa)
    other = OperationalObjectiveFactory(poa=poa, strategic_objective=op.strategic_objective)
    weighted = [
        ActivityFactory(operational_objective=op, weight=Decimal(w)) for w in ("50", "30", "20")
    ]
    equal = [ActivityFactory(operational_objective=other) for _ in range(4)]
    ActivityResponsibleFactory(activity=weighted[1], kind=ActivityResponsible.Kind.PRESIDENCY)
    ActivityResponsibleFactory(activity=equal[0], kind=ActivityResponsible.Kind.PRESIDENCY)

    def shares(groups) -> dict[str, Decimal]:
        return {
            a.code: a.share.share
            for g in groups
            for o in g.operational_objectives
            for a in o.activity_list
        }

    with django_assert_num_queries(3):
        everything = shares(selectors.poa_matrix(poa=poa))
    assert [everything[a.code] for a in weighted] == [Decimal(50), Decimal(30), Decimal(20)]
    assert {everything[a.code] for a in equal} == {Decimal(25)}
    with django_assert_num_queries(4):  # + every activity's weight
        filtered = shares(selectors.poa_matrix(poa=poa, responsible="presidency"))
    assert filtered == {weighted[1].code: Decimal(30), equal[0].code: Decimal(25)}


# The header cell {% objective_cell %} replaces (templates/plans/_poa_matrix.html before it).
OBJECTIVE_BEFORE = Template(
    "{% load i18n shares %}"
    '<th scope="row" rowspan="{{ op.activity_list|length }}" class="fw-normal">\n'
    '          <strong>{{ op.code }}</strong> <span lang="es">{{ op.text }}</span><br>'
    "{% share_badge op.share %}\n"
    '          {% if op.source_code %}<br><small class="text-body-secondary">{% blocktranslate '
    "with code=op.source_code %}Numbered {{ code }} in the source matrix.{% endblocktranslate %}"
    "</small>{% endif %}\n"
    '          {% if user.is_secretariat %}<br><a class="small" href="{% url \'plans:item-edit\' '
    '\'opobjective\' op.pk %}">{% translate "Edit wording" %}</a> · <a class="small" '
    "href=\"{% url 'plans:weights-edit' 'opobjective' op.pk %}\">{% translate \"Weights of its "
    'activities" %}</a>{% endif %}\n'
    "        </th>"
)
OBJECTIVE_AFTER = Template("{% load poa_matrix %}{% objective_cell op %}")


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_shape_of_an_objectives_cell_is_written_as_the_template_wrote_it(
    language, st_user, focal_point_hn
):
    """With and without its number in the source matrix, one activity or several, text to
    escape, equal or chosen shares; for ST (its two links, each to its own objective) and
    for anyone else (none), on one page of several objectives."""
    poa = POAFactory(year=2023)
    ops = [
        OperationalObjectiveFactory(poa=poa, source_code="4.1 <b>"),
        OperationalObjectiveFactory(poa=poa, text='Coordinar "A" & <B>'),
        OperationalObjectiveFactory(poa=poa, code="2.1 bis"),
    ]
    shares = [
        Share(weight=None, share=Decimal("33.33"), is_default=True),
        Share(weight=Decimal("50"), share=Decimal("50"), is_default=False),
        Share(weight=None, share=Decimal("33.33"), is_default=True),
    ]
    for i, (op, share) in enumerate(zip(ops, shares, strict=True)):
        op.share = share
        op.activity_list = [ActivityFactory(operational_objective=op) for _ in range(i + 1)]
    loop = "{% for op in ops %}<tr>ROW</tr>{% endfor %}"
    before = Template(loop.replace("ROW", OBJECTIVE_BEFORE.source))
    after = Template(loop.replace("ROW", OBJECTIVE_AFTER.source))
    with translation.override(language):
        for user, links in ((st_user, 2), (focal_point_hn, 0), (None, 0)):
            context = {"ops": ops, "user": user}
            written = after.render(Context(context))
            assert written == before.render(Context(context)), user
            rows = written.split("<tr>")[1:]
            for op, row in zip(ops, rows, strict=True):
                assert row.count("<a ") == links
                assert f'rowspan="{len(op.activity_list)}"' in row
                assert f">{op.share.label}</span>" in row
                if links:
                    assert f"/opobjective/{op.pk}/" in row and "2147483647" not in row


def test_an_objectives_links_open_its_forms(client, st_user):
    op = OperationalObjectiveFactory(poa=POAFactory(year=2024))
    op.share = Share(weight=None, share=Decimal("100"), is_default=True)
    op.activity_list = [ActivityFactory(operational_objective=op)]
    html = OBJECTIVE_AFTER.render(Context({"op": op, "user": st_user}))
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs == [f"/plans/edit/opobjective/{op.pk}/", f"/plans/weights/opobjective/{op.pk}/"]
    client.force_login(st_user)
    assert [client.get(href).status_code for href in hrefs] == [200, 200]
