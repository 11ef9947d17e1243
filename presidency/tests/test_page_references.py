"""Every page of the Presidency's work names its regions and describes its fields with
elements that exist (issue 25's rule: every aria-labelledby / aria-describedby points at an
element of the page), and its scrolling tables can take the keyboard's focus."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from meetings.tests.factories import AgreementFactory
from presidency.loaders import load_guidelines
from presidency.models import Admission
from presidency.tests.factories import (
    AdmissionFactory,
    CooperationProjectFactory,
    ReportingDutyFactory,
    RepresentationEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(coalition, st_user):
    load_guidelines()
    entry = RepresentationEntryFactory(created_by=st_user)
    project = CooperationProjectFactory(created_by=st_user)
    ReportingDutyFactory(project=project)
    admission = AdmissionFactory(
        country=coalition["HN"].country,
        subject=Admission.Subject.OBSERVER_COUNTRY,
        invitation_agreement=AgreementFactory(),
    )
    return [
        reverse("presidency:overview"),
        reverse("presidency:representation-list"),
        reverse("presidency:representation-detail", args=[entry.pk]),
        reverse("presidency:cooperation-list"),
        reverse("presidency:cooperation-detail", args=[project.pk]),
        reverse("presidency:cooperation-totals"),
        reverse("presidency:admission-list"),
        reverse("presidency:admission-detail", args=[admission.pk]),
        reverse("presidency:admission-country", args=["HN"]),
        reverse("presidency:guidelines-regional"),
        reverse("presidency:guidelines-guideline", args=["A", 1]),
        reverse("presidency:guidelines-country", args=["HN"]),
        reverse("presidency:guidelines-review"),
        reverse("presidency:guidelines-proposals"),
    ]


def test_references_exist_and_scroll_regions_take_focus(client, st_user, pages):
    client.force_login(st_user)
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        tree = html.fromstring(response.content)
        ids = set(tree.xpath("//@id"))
        for attribute in ("aria-labelledby", "aria-describedby"):
            for value in tree.xpath(f"//@{attribute}"):
                missing = set(value.split()) - ids
                assert not missing, f"{path}: {attribute} points at {missing}"
        for region in tree.xpath('//div[contains(@class, "table-responsive")]'):
            assert region.get("tabindex") == "0", path
            assert region.get("aria-labelledby") or region.get("aria-label"), path
