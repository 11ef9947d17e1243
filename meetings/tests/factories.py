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


# --- Meetings in their venue's zone, and what invitees receive (issue 16) -----------------

PANAMA = ZoneInfo("America/Panama")


def panama_meeting(**overrides) -> Meeting:
    """A draft plenary in Ciudad de Panamá, 09:00–17:00 on 10 March 2026 local time
    (14:00–22:00 UTC), with an item beyond the opening ones so it can be convened."""
    from members.models import Country

    values = {
        "status": Meeting.Status.DRAFT,
        "title": "XXV Reunión Ordinaria",
        "host_country": Country.objects.get(iso_code="PA"),
        "city": "Ciudad de Panamá",
        "time_zone": "America/Panama",
        "starts_at": dt.datetime(2026, 3, 10, 9, 0, tzinfo=PANAMA),
        "ends_at": dt.datetime(2026, 3, 10, 17, 0, tzinfo=PANAMA),
    } | overrides
    meeting = MeetingFactory(**values)
    AgendaItemFactory(meeting=meeting, title="Estrategia regional de prevención")
    return meeting


def _account(person, *, account: bool, **fields):
    """The signed-in account tied to `person` (named after their e-mail), unless `account`
    is False."""
    from members.tests.factories import UserFactory

    if not account:
        return None
    return UserFactory(
        username=person.email.split("@")[0],
        email=person.email,
        person=person,
        language=person.language,
        **fields,
    )


def invitee(body, *, email: str, role: str = "titular", language: str = "es", account=True):
    """A person designated by `body` (in force on the meeting's date) with an e-mail, and —
    unless `account` is False — a signed-in account tied to that person, as a delegate."""
    from members.models import User
    from members.tests.factories import DesignationFactory

    designation = DesignationFactory(
        national_body=body, role=role, person__email=email, person__language=language
    )
    person = designation.person
    user = _account(person, account=account, role=User.Role.DELEGATE, national_body=body)
    return person, user


def observer_invitee(organisation, *, email: str, language: str = "es", account=True):
    """A representative of an observer organisation, with an observer account tied to them."""
    from members.models import User
    from members.tests.factories import PersonFactory

    person = PersonFactory(
        country=None, observer_organisation=organisation, email=email, language=language
    )
    user = _account(
        person, account=account, role=User.Role.OBSERVER, observer_organisation=organisation
    )
    return person, user


def calendar_of(message):
    """The calendar file of an e-mail as the recipient's mail program reads it: the
    text/calendar part of the MIME message, parsed by icalendar, with the part's method."""
    from icalendar import Calendar

    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, f"{len(parts)} calendar parts"
    part = parts[0]
    return Calendar.from_ical(part.get_payload(decode=True)), part.get_param("method")
