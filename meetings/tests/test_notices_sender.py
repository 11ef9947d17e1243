"""The sender of an invitee's e-mails and the ORGANIZER of their calendar file are named in
the invitee's language (issue 25): "Regional Coalition" to Belize's representative reading
English, "Coalición Regional" to the others; both on DEFAULT_FROM_EMAIL's address."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.utils import parseaddr

import pytest

from meetings.models import Invitation, Minutes
from meetings.notices import Notice, invitation_message, minutes_circulation_message
from meetings.tests.factories import calendar_of, invitee, panama_meeting

pytestmark = pytest.mark.django_db

NAMES = {"es": "Coalición Regional", "en": "Regional Coalition"}
ADDRESS = "avisos@example.org"


def from_header(message) -> tuple[str, str]:
    received = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return parseaddr(str(received["From"]))


@pytest.fixture
def invitations(coalition, settings):
    settings.DEFAULT_FROM_EMAIL = f"Coalición Regional <{ADDRESS}>"
    meeting = panama_meeting()
    result = {}
    for language, iso in (("es", "HN"), ("en", "BZ")):
        person, _user = invitee(
            coalition[iso], email=f"{iso.lower()}@example.org", language=language
        )
        result[language] = Invitation.objects.create(
            meeting=meeting, person=person, email=person.email
        )
    return result


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_convocation_comes_from_the_platform_in_the_invitees_language(invitations, language):
    invitation = invitations[language]
    message = invitation_message(
        meeting=invitation.meeting, invitation=invitation, kind=Notice.CONVOCATION
    )
    assert from_header(message) == (NAMES[language], ADDRESS)
    calendar, _method = calendar_of(message)
    (event,) = calendar.walk("VEVENT")
    organizer = event["organizer"]
    assert str(organizer) == f"mailto:{ADDRESS}"
    assert organizer.params["CN"] == NAMES[language]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_minutes_circulation_comes_from_the_platform_in_the_invitees_language(
    invitations, language
):
    invitation = invitations[language]
    minutes = Minutes.objects.create(meeting=invitation.meeting)
    message = minutes_circulation_message(minutes=minutes, invitation=invitation)
    assert from_header(message) == (NAMES[language], ADDRESS)
