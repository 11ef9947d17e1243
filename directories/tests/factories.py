"""Factories of the directories app (shared, append-only)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from directories.models import ContactPoint, Institution
from members.models import Country

# --- Institutions and contact points (issue 19) ------------------------------------------


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    country = factory.LazyFunction(lambda: Country.objects.get(iso_code="HN"))
    name = factory.Sequence(lambda n: f"Institución de prueba {n}")
    sector = Institution.Sector.STATE
    level = "technical"
    areas = factory.LazyFunction(lambda: ["attention"])


class ContactPointFactory(DjangoModelFactory):
    class Meta:
        model = ContactPoint

    country = factory.LazyFunction(lambda: Country.objects.get(iso_code="HN"))
    type = ContactPoint.Type.ATTENTION_CENTRE
    name = factory.Sequence(lambda n: f"Centro de atención {n}")
    email = factory.Sequence(lambda n: f"centro{n}@example.org")
    phone = "+504 2237-0000"
    areas = factory.LazyFunction(lambda: ["attention"])
    verified_on = factory.LazyFunction(lambda: dt.date(2026, 1, 1))
    review_interval_days = 180


# --- Comparative legislation (issue 19) ---------------------------------------------------

from django.utils import timezone  # noqa: E402

from directories.models import LegislationCell, LegislationDimension, Reform  # noqa: E402
from members.tests.factories import UserFactory  # noqa: E402


class LegislationDimensionFactory(DjangoModelFactory):
    class Meta:
        model = LegislationDimension
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dimension-{n}")
    name_es = factory.LazyAttribute(lambda o: f"Dimensión {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Dimension {o.code}")
    position = factory.Sequence(lambda n: 100 + n)


class LegislationCellFactory(DjangoModelFactory):
    """A proposed cell (state "proposed", nothing public); pass validated=True for one ST
    validated (its public text is the proposed one)."""

    class Meta:
        model = LegislationCell

    class Params:
        validated = factory.Trait(
            state=LegislationCell.State.VALIDATED,
            validated_at=factory.LazyFunction(timezone.now),
            public_article=factory.SelfAttribute("article"),
            public_excerpt=factory.SelfAttribute("excerpt"),
            public_source=factory.SelfAttribute("source"),
        )

    country = factory.LazyFunction(lambda: Country.objects.get(iso_code="HN"))
    dimension = factory.SubFactory(LegislationDimensionFactory)
    article = factory.Sequence(lambda n: f"Artículo {n}")
    excerpt = "Comete el delito de trata de personas quien..."
    source = "Código Penal, Decreto 9-2009"
    proposed_by = factory.SubFactory(UserFactory)
    proposed_at = factory.LazyFunction(timezone.now)


class ReformFactory(DjangoModelFactory):
    class Meta:
        model = Reform

    country = factory.LazyFunction(lambda: Country.objects.get(iso_code="HN"))
    title = factory.Sequence(lambda n: f"Reforma a la ley contra la trata {n}")
    stage = Reform.Stage.INTRODUCED
    created_by = factory.SubFactory(UserFactory)
