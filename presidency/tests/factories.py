"""Factories of the Presidency app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from meetings.tests.factories import AgreementFactory
from members.tests.factories import CountryFactory, UserFactory
from plans.tests.factories import ActorFactory
from presidency.models import (
    Admission,
    CooperationProject,
    Guideline,
    GuidelineProgress,
    ReorientationProposal,
    ReportingDuty,
    RepresentationEntry,
)


class RepresentationEntryFactory(DjangoModelFactory):
    """The Presidency at a regional conference, to report at the next plenary."""

    class Meta:
        model = RepresentationEntry

    kind = RepresentationEntry.Kind.REPRESENTATION
    event_name = factory.Sequence(lambda n: f"Conferencia Regional sobre Migración {n}")
    start_date = dt.date(2026, 11, 3)
    end_date = dt.date(2026, 11, 4)
    place = "Ciudad de Guatemala"
    represented_by = RepresentationEntry.RepresentedBy.PRESIDENCY
    person_name = "Presidencia de la Coalición Regional"
    created_by = factory.SubFactory(UserFactory)


class CooperationProjectFactory(DjangoModelFactory):
    class Meta:
        model = CooperationProject

    partner = factory.SubFactory(ActorFactory)
    title = factory.Sequence(lambda n: f"Apoyo al encuentro regional {n}")
    kind = CooperationProject.Kind.MONEY
    amount = 15000
    currency = "USD"
    year = 2026
    proposed_on = dt.date(2026, 2, 1)
    created_by = factory.SubFactory(UserFactory)


class ReportingDutyFactory(DjangoModelFactory):
    class Meta:
        model = ReportingDuty

    project = factory.SubFactory(CooperationProjectFactory)
    kind = ReportingDuty.Kind.PROGRESS
    due_date = dt.date(2026, 12, 15)


class AdmissionFactory(DjangoModelFactory):
    """A country invited to join as a member by a plenary agreement."""

    class Meta:
        model = Admission

    subject = Admission.Subject.MEMBER_COUNTRY
    country = factory.SubFactory(CountryFactory)
    invitation_agreement = factory.SubFactory(AgreementFactory)
    invited_on = dt.date(2026, 3, 10)
    created_by = factory.SubFactory(UserFactory)


class GuidelineFactory(DjangoModelFactory):
    class Meta:
        model = Guideline
        django_get_or_create = ("area", "number")

    area = Guideline.Area.PREVENTION
    number = factory.Sequence(lambda n: n + 50)
    text = factory.Sequence(lambda n: f"Lineamiento de prueba {n}")
    source = "001 §5"


class GuidelineProgressFactory(DjangoModelFactory):
    class Meta:
        model = GuidelineProgress

    country = factory.SubFactory(CountryFactory)
    guideline = factory.SubFactory(GuidelineFactory)


class ReorientationProposalFactory(DjangoModelFactory):
    class Meta:
        model = ReorientationProposal

    guideline = factory.SubFactory(GuidelineFactory)
    title = factory.Sequence(lambda n: f"Reorientar el lineamiento {n}")
    rationale = "Los países reportan poco avance."
    proposal = "Concentrar los esfuerzos en la guía regional."
    created_by = factory.SubFactory(UserFactory)
