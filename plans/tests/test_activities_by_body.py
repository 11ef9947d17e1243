"""activities_by_body: the activities each national body reports on, for many bodies in one
query — the same sets as activities_for_body, body by body (the per-country figures of the
accountability report read them this way, issue 24)."""

from __future__ import annotations

import pytest

from members.models import NationalBody
from members.tests.factories import NationalBodyFactory
from plans import selectors
from plans.models import Activity, ActivityResponsible
from plans.tests.factories import ActivityResponsibleFactory

pytestmark = pytest.mark.django_db


def test_the_same_sets_as_one_body_at_a_time(plan_loaded, coalition, django_assert_num_queries):
    hn = coalition["HN"]
    # A second, smuggling-only body of Honduras, named on two activities of its own: it is
    # not concerned by "all national bodies" (not a trafficking rector body).
    smuggling = NationalBodyFactory(
        country=hn.country, crimes=NationalBody.Crimes.SMUGGLING, acronym="CS-HN"
    )
    named = list(Activity.objects.filter(operational_objective__poa=plan_loaded)[:2])
    for activity in named:
        ActivityResponsibleFactory(
            activity=activity,
            kind=ActivityResponsible.Kind.NATIONAL_BODY,
            national_body=smuggling,
        )
    # Honduras named on one more.
    ActivityResponsibleFactory(
        activity=named[0], kind=ActivityResponsible.Kind.NATIONAL_BODY, national_body=hn
    )
    bodies = [*coalition.values(), smuggling]
    with django_assert_num_queries(1):
        by_body = selectors.activities_by_body(poa=plan_loaded, bodies=bodies)
    for body in bodies:
        one = set(
            selectors.activities_for_body(poa=plan_loaded, body=body).values_list("pk", flat=True)
        )
        assert by_body[body.pk] == one, body.acronym
    assert by_body[smuggling.pk] == {a.pk for a in named}
    assert by_body[hn.pk] > by_body[coalition["GT"].pk]  # the activity it is named on
    assert by_body[coalition["GT"].pk]  # "all national bodies" activities


def test_a_body_concerned_by_nothing_has_an_empty_set(plan_loaded, coalition):
    ActivityResponsible.objects.filter(
        activity__operational_objective__poa=plan_loaded,
        kind__in=[ActivityResponsible.Kind.NATIONAL_BODIES, ActivityResponsible.Kind.NATIONAL_BODY],
    ).delete()
    by_body = selectors.activities_by_body(poa=plan_loaded, bodies=list(coalition.values()))
    assert by_body == {b.pk: set() for b in coalition.values()}
