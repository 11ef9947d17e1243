"""The one way a message leaves the platform (issue 18, "who was told what"): every e-mail —
a comunicado, a reminder or an automatic notice of meetings and monitoring — goes through
`notify` (or `delivery_record` then `delivery_send` when a worker sends it later), which
keeps a Delivery row per recipient: to whom, about what, when it left or why it did not."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.mail import sender
from communications.models import Communique, Delivery
from members.models import Country, Person, User


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to: an account, a person of the registry, or both; the address it
    is sent to and what the log shows of them."""

    email: str
    name: str = ""
    user: User | None = None
    person: Person | None = None
    country: Country | None = None
    organisation: str = ""
    language: str = "es"

    @classmethod
    def of_user(cls, user: User) -> Recipient:
        body = user.national_body if user.national_body_id else None
        observer = user.observer_organisation if user.observer_organisation_id else None
        return cls(
            email=user.email,
            name=user.get_full_name() or user.username,
            user=user,
            person=user.person if user.person_id else None,
            country=body.country if body else None,
            organisation=(body.acronym if body else observer.acronym if observer else ""),
            language=user.language or "es",
        )

    @classmethod
    def of_person(cls, person: Person, *, email: str = "") -> Recipient:
        user = getattr(person, "user", None)
        observer = person.observer_organisation if person.observer_organisation_id else None
        return cls(
            email=email or person.email,
            name=f"{person.first_name} {person.last_name}".strip(),
            user=user,
            person=person,
            country=person.country if person.country_id else None,
            organisation=observer.acronym if observer else person.institution,
            language=person.language or "es",
        )


def delivery_record(
    *,
    kind: str,
    recipient: Recipient,
    subject: str,
    link: str = "",
    about: models.Model | None = None,
    communique: Communique | None = None,
) -> Delivery:
    """A queued delivery (its e-mail is sent by `delivery_send`, usually from a worker)."""
    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    return Delivery.objects.create(
        kind=kind,
        communique=communique,
        about_type=about_type,
        about_id=about.pk if about is not None else None,
        user=recipient.user,
        person=recipient.person,
        email=recipient.email or "",
        name=recipient.name[:250],
        country=recipient.country,
        organisation=recipient.organisation[:250],
        language=recipient.language,
        subject=" ".join(subject.split())[:300],
        link=link,
        state=Delivery.State.QUEUED if recipient.email else Delivery.State.NO_ADDRESS,
    )


def delivery_send(*, delivery: Delivery, message: EmailMessage) -> Delivery:
    """Send `message` for `delivery` and record the outcome. A recipient without an address
    is recorded, not sent; an SMTP failure is recorded (state failed, the error) and raised
    again so the task retries."""
    if not delivery.email:
        delivery.state = Delivery.State.NO_ADDRESS
        delivery.save(update_fields=["state"])
        return delivery
    message.to = [delivery.email]
    try:
        message.send()
    except Exception as error:  # the backend's own error, whatever it is: kept, then raised
        delivery.state = Delivery.State.FAILED
        delivery.error = f"{type(error).__name__}: {error}"[:300]
        delivery.save(update_fields=["state", "error"])
        raise
    delivery.state = Delivery.State.SENT
    delivery.sent_at = timezone.now()
    delivery.error = ""
    delivery.save(update_fields=["state", "sent_at", "error"])
    return delivery


def notify(
    message: EmailMessage,
    *,
    kind: str,
    recipient: Recipient,
    link: str = "",
    about: models.Model | None = None,
    communique: Communique | None = None,
) -> Delivery:
    """Record and send one message now (the automatic notices, already inside a task)."""
    delivery = delivery_record(
        kind=kind,
        recipient=recipient,
        subject=str(message.subject),
        link=link,
        about=about,
        communique=communique,
    )
    return delivery_send(delivery=delivery, message=message)


# What Recipient.of_user reads of an account: select_related these when loading recipients.
RECIPIENT_RELATED = ("national_body__country", "observer_organisation", "person")


def notify_account(
    *, user: User, template: str, context: dict, kind: str, link: str = "", about=None
) -> int:
    """An automatic notice to one account, written in its language: `template` names the
    pair `<template>_subject.txt` / `<template>_body.txt` (rendered with `user` added to
    `context`); sent and logged by `notify`. Returns 1 if it left, else 0."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user}
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
        message = EmailMessage(
            subject=" ".join(subject.split()), body=body, from_email=sender(), to=[user.email]
        )
    delivery = notify(message, kind=kind, recipient=Recipient.of_user(user), link=link, about=about)
    return int(delivery.state == Delivery.State.SENT)
