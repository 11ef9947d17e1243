"""The share badge of the plan's pages (plans.templatetags.shares, Share.label) and the
responsibles' names the POA matrix writes with the kinds translated once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from plans.models import ActivityResponsible
from plans.selectors.weights import Share


def badge(share: Share) -> str:
    return Template("{% load shares %}{% share_badge s %}").render(Context({"s": share}))


@pytest.mark.parametrize(
    ("lang", "share", "text"),
    [
        ("es", Share(weight=None, share=Decimal("50.00"), is_default=True), "parte igual · 50,00%"),
        ("en", Share(weight=None, share=Decimal("50.00"), is_default=True), "equal share · 50.00%"),
        (
            "es",
            Share(weight=Decimal("30.00"), share=Decimal("30.00"), is_default=False),
            "peso 30,00% · proporción 30,00%",
        ),
        (
            "en",
            Share(weight=Decimal("30.00"), share=Decimal("25.00"), is_default=False),
            "weight 30.00% · share 25.00%",
        ),
    ],
)
def test_the_badge_says_the_share_in_the_readers_language(lang, share, text):
    with translation.override(lang):
        html = badge(share)
        assert share.label == text
    assert html.endswith(f">{text}</span>")
    assert 'class="badge text-bg-light border"' in html


def test_the_badge_escapes_what_it_writes():
    class Hostile(Share):
        @property
        def label(self) -> str:
            return "<script>"

    assert "&lt;script&gt;" in badge(Hostile(weight=None, share=Decimal(1), is_default=True))


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_responsible_is_named_as_its_str_with_the_kinds_translated_once(lang, coalition):
    from plans.tests.factories import ActivityFactory

    activity = ActivityFactory()
    kinds = ActivityResponsible.Kind
    rows = [
        ActivityResponsible.objects.create(activity=activity, kind=kinds.PLENARY),
        ActivityResponsible.objects.create(
            activity=activity, kind=kinds.NATIONAL_BODY, national_body=coalition["HN"]
        ),
    ]
    with translation.override(lang):
        labels = {kind: str(label) for kind, label in kinds.choices}
        for row in rows:
            assert row.name(labels) == str(row)
    assert rows[1].name(labels) == coalition["HN"].acronym
