"""Who the platform's e-mails come from (issue 25): the sender's display name is the
platform's name in the recipient's language — "Regional Coalition" to a reader in English
(Belize), "Coalición Regional" to one in Spanish — on the address of DEFAULT_FROM_EMAIL.
Each message is read as the recipient's mail program reads it: its From header, parsed."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from email.utils import parseaddr

import pytest
from django.utils import translation

from common.mail import sender, sender_address, sender_name
from communications.models import Delivery
from communications.services import Recipient, notify_account
from communications.services.communiques import communique_message
from communications.services.deliveries import delivery_record
from communications.tests.factories import CommuniqueFactory
from directories.services.contacts import _review_message
from events.notices import confirmation_message, convened_message
from events.tests.factories import EventFactory, ParticipantFactory
from members.tests.factories import CountryFactory, UserFactory
from monitoring.notices import period_opened_message
from monitoring.tests.factories import ReportingPeriodFactory

SPANISH = "Coalición Regional"
ENGLISH = "Regional Coalition"
NAMES = {"es": SPANISH, "en": ENGLISH}


def from_header(message) -> tuple[str, str]:
    """(display name, address) of the From header the recipient receives."""
    received = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return parseaddr(str(received["From"]))


# --- common.mail ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_sender_is_named_in_the_active_language(language, settings):
    settings.DEFAULT_FROM_EMAIL = "Coalición Regional <avisos@example.org>"
    with translation.override(language):
        assert sender_name() == NAMES[language]
        assert sender_address() == "avisos@example.org"
        assert parseaddr(sender()) == (NAMES[language], "avisos@example.org")


def test_a_bare_address_gets_the_platform_name(settings):
    settings.DEFAULT_FROM_EMAIL = "avisos@example.org"
    with translation.override("en"):
        assert parseaddr(sender()) == (ENGLISH, "avisos@example.org")


def test_the_operators_own_name_is_kept_in_every_language(settings):
    settings.DEFAULT_FROM_EMAIL = '"Secretaría Técnica, CR" <st@example.org>'
    for language in ("es", "en"):
        with translation.override(language):
            assert parseaddr(sender()) == ("Secretaría Técnica, CR", "st@example.org")


# --- every message the platform writes ---------------------------------------------------


@pytest.fixture
def from_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Coalición Regional <avisos@example.org>"
    return "avisos@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_monitoring_notice_sender(language, from_address):
    user = UserFactory(language=language)
    message = period_opened_message(period=ReportingPeriodFactory(), user=user)
    assert from_header(message) == (NAMES[language], from_address)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_account_notice_sender(language, from_address, mailoutbox):
    """communications.notify_account: the notices of stats, presidency, legislation…"""
    user = UserFactory(language=language)
    notify_account(
        user=user,
        template="monitoring/email/period_opened",
        context={"period": ReportingPeriodFactory(), "url": ""},
        kind=Delivery.Kind.PERIOD_OPENED,
    )
    (message,) = mailoutbox
    assert from_header(message) == (NAMES[language], from_address)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_communique_sender(language, from_address):
    communique = CommuniqueFactory()
    delivery = delivery_record(
        kind=Delivery.Kind.COMMUNIQUE,
        recipient=Recipient(email="lector@example.org", language=language),
        subject=communique.subject,
        communique=communique,
    )
    message = communique_message(communique=communique, delivery=delivery, files=None)
    assert from_header(message) == (NAMES[language], from_address)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_event_messages_sender(language, from_address):
    event = EventFactory(starts_on=dt.date(2027, 2, 15), ends_on=dt.date(2027, 2, 16))
    participant = ParticipantFactory(event=event, country=CountryFactory(), language=language)
    assert from_header(confirmation_message(participant)) == (NAMES[language], from_address)
    user = UserFactory(language=language)
    assert from_header(convened_message(event, [], user)) == (NAMES[language], from_address)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_directory_review_sender(language, from_address):
    message = _review_message(user=UserFactory(language=language), entries=[])
    assert from_header(message) == (NAMES[language], from_address)
