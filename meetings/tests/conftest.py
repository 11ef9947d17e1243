"""Helpers for the meetings tests: people present at a meeting through the real services."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from meetings import services
from meetings.models import Attendance
from meetings.tests.factories import MeetingFactory
from members.models import Designation
from members.tests.factories import DesignationFactory, PersonFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language and leaves it so: a request made in English
    (the language cookie activates it for the thread) must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.fixture
def attend(st_user):
    """attend(meeting, body, role="titular", accredited=False) -> Attendance, recorded by ST
    for a newly designated person of `body`."""

    def _attend(meeting, body, role="titular", accredited=False, capacity=None, person=None):
        if person is None:
            designation = DesignationFactory(national_body=body, role=role)
            person = designation.person
        return services.attendance_record(
            user=st_user,
            meeting=meeting,
            person=person,
            capacity=capacity or role,
            accredited_for_meeting=accredited,
            accreditation_note="Nota de acreditación para esta reunión" if accredited else "",
        )

    return _attend


@pytest.fixture
def attend_observer(st_user):
    def _attend(meeting, organisation):
        person = PersonFactory(country=None, observer_organisation=organisation)
        return services.attendance_record(
            user=st_user, meeting=meeting, person=person, capacity=Attendance.Capacity.OBSERVER
        )

    return _attend


@pytest.fixture
def full_house(coalition, attend):
    """attend a titular of each of the first `n` bodies (alphabetical by ISO)."""

    def _full(meeting, n=9):
        bodies = [coalition[iso] for iso in sorted(coalition)][:n]
        return [attend(meeting, body, Designation.Role.TITULAR) for body in bodies]

    return _full


@pytest.fixture
def eager_celery():
    """Runs tasks in-process even in the pass with a real broker, for tests that read
    mail.outbox; the real worker is covered by the @pytest.mark.worker test."""
    from coalicion.celery_app import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
