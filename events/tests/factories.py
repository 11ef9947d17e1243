"""Factories of the events app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from events.models import AgendaSlot, Event, Participant
from members.tests.factories import UserFactory


class EventFactory(DjangoModelFactory):
    """A two-day workshop in San José, Costa Rica (004's venue), as a draft."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Taller regional {n}")
    starts_on = dt.date(2027, 2, 15)
    ends_on = dt.date(2027, 2, 16)
    time_zone = "America/Costa_Rica"
    city = "San José"

    @factory.post_generation
    def invited(self, create, countries, **kwargs):
        if create and countries:
            self.invited_countries.set(countries)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Persona Participante {n}")
    position = "Fiscal"
    institution = "Ministerio Público"
    profile = Participant.Profile.PROSECUTOR
    email = factory.Sequence(lambda n: f"participante{n}@example.org")
    registered_by = factory.SubFactory(UserFactory)


class AgendaSlotFactory(DjangoModelFactory):
    class Meta:
        model = AgendaSlot

    event = factory.SubFactory(EventFactory)
    day = factory.LazyAttribute(lambda slot: slot.event.starts_on)
    starts_at = dt.time(9, 0)
    ends_at = dt.time(10, 0)
    activity = "Registro de los participantes"
