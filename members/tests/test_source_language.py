"""Data in the language of its source on a page in another (issue 25; WCAG 3.1.2): on the
English pages the Spanish names, legal bases and instruments carry lang="es", and Belize's
body, named in English by the sources, carries lang="en" on the Spanish pages."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from members.loaders import load_legal_framework, load_regional_agreements
from members.models import LegalInstrument
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(client, url: str, language: str):
    client.force_login(UserFactory(username="st-reader", role="st"))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def lang_of(tree, text: str) -> str | None:
    """The language the page declares for the element whose own text is `text` (its own
    lang, or its nearest ancestor's)."""
    (element,) = [e for e in tree.iter() if (e.text or "").strip() == text]
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


def test_the_body_page_in_english_marks_the_spanish_data(client, coalition):
    body = coalition["HN"]
    assert body.legal_basis and body.lead_institution
    tree = page(client, reverse("members:body-detail", args=[body.acronym]), "en")
    assert tree.getroottree().getroot().get("lang") == "en"
    assert lang_of(tree, body.name) == "es"
    assert lang_of(tree, body.legal_basis) == "es"
    assert lang_of(tree, body.lead_institution) == "es"


def test_belizes_body_is_named_in_english_on_the_spanish_page(client, coalition):
    body = coalition["BZ"]
    tree = page(client, reverse("members:body-detail", args=[body.acronym]), "es")
    assert tree.getroottree().getroot().get("lang") == "es"
    assert lang_of(tree, body.name) == "en"


def test_the_legal_framework_in_english_marks_the_instruments_spanish_names(client, coalition):
    load_legal_framework()
    load_regional_agreements()
    instrument = LegalInstrument.objects.exclude(scope="agreement").order_by("pk").first()
    assert instrument is not None
    tree = page(client, reverse("members:legal-framework"), "en")
    assert tree.getroottree().getroot().get("lang") == "en"
    assert lang_of(tree, instrument.name) == "es"
    agreement = LegalInstrument.objects.filter(scope="agreement").order_by("pk").first()
    assert agreement is not None and lang_of(tree, agreement.name) == "es"
