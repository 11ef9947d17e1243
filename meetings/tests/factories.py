from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from meetings.models import AgendaItem, Agreement, Meeting, Motion

TZ = ZoneInfo("America/Guatemala")
MEETING_START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.ORDINARY
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Reunión Ordinaria {o.number}")
    starts_at = MEETING_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    city = "Tegucigalpa"
    status = Meeting.Status.IN_SESSION


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 10)
    title = factory.Sequence(lambda n: f"Punto {n}")
    kind = AgendaItem.Kind.DECISION


class MotionFactory(DjangoModelFactory):
    class Meta:
        model = Motion

    agenda_item = factory.SubFactory(AgendaItemFactory)
    text = factory.Sequence(lambda n: f"Aprobar la propuesta {n}")
    decision_method = Motion.Method.VOTE
    majority_rule = Motion.MajorityRule.SIMPLE


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    meeting = factory.SubFactory(MeetingFactory)
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"CR-{o.year}-{o.sequence:02d}")
    text = factory.Sequence(lambda n: f"Acuerdo {n}")
