"""Writes of comunicados (001 Coordinación 7; 003 §VIII ST 4: "sistema de comunicación segura
y ágil para realizar comunicados"): drafting, sending (numbered per year, one Delivery per
recipient, the e-mails sent by a worker), opening, acknowledging and reminders.

E-mails (communications.services.deliveries is the only way they leave): in the
recipient's language, subject "[COM-2026-014] subject", with the absolute link to the
comunicado in the platform. A restricted comunicado's e-mail carries the link only — never
its text nor its attachments; the others carry the text, and their attachments when their
total size stays under COMMUNIQUE_ATTACHMENTS_MAX_BYTES."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.links import absolute_reverse
from common.mail import sender
from common.publish import publish
from common.versions import claim_version
from communications import permissions
from communications.models import AccessLevel, Communique, Delivery, Document
from communications.permissions import refuse

# A module, not names: the selectors import Recipient from this package (import cycle).
from communications.selectors import communiques as distribution
from communications.services.archive import document_upload
from communications.services.deliveries import Recipient, delivery_record, delivery_send
from members.models import Committee, Country, Person, User

logger = logging.getLogger(__name__)

NO_RECIPIENTS = _(
    "Nobody would receive this comunicado: choose an audience, a committee or named people "
    "who have a record in the registry."
)
RESTRICTED_AUDIENCE = _(
    "A restricted comunicado cannot go to observers or partner agencies: change its "
    "confidentiality or its distribution."
)
RESTRICTED_PERSON = _(
    "A restricted comunicado cannot go to %(names)s (observers or partner agencies)."
)
PARTNERS_PUBLIC_ONLY = _(
    "Partner agencies receive public comunicados only: make this one public or take the "
    "partner agencies out of its distribution."
)
PARTNER_PERSON = _("Only a public comunicado can go to %(names)s (partner agencies).")
NOBODY_TO_REMIND = _("Every recipient has acknowledged receipt: there is nobody to remind.")
MARKUP_REFUSED = _("Write plain text: HTML and scripts are not accepted.")
UNKNOWN_AUDIENCE = _("Unknown audience: %(value)s.")
NUMBER_FORMAT = "COM-{year}-{sequence:03d}"
# E-mails are sent by the worker in chunks of this many recipients (one task each).
CHUNK = 50
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript:", re.IGNORECASE)


def _attachments_max_bytes() -> int:
    return getattr(settings, "COMMUNIQUE_ATTACHMENTS_MAX_BYTES", 10 * 1024 * 1024)


# --- Drafts -----------------------------------------------------------------------------------


def _check_text(**fields: str) -> None:
    errors = {
        name: ValidationError(MARKUP_REFUSED, code="markup_refused")
        for name, value in fields.items()
        if value and _MARKUP.search(value)
    }
    if errors:
        raise ValidationError(errors)


def check_distribution(communique: Communique, *, today: dt.date | None = None) -> None:
    """A comunicado goes only to people who may read its level (communications.selectors.
    access): a restricted one stays on the members' side (SPEC §9: no observers' or
    partners' audience, nobody named who is an observer's or a partner's); one for members
    does not go to partner agencies, who read public material only."""
    level = communique.confidentiality
    if level == AccessLevel.PUBLIC:
        return
    audiences = set(communique.audiences or [])
    today = today or timezone.localdate()
    if level == AccessLevel.RESTRICTED:
        if audiences & {Communique.Audience.OBSERVERS, Communique.Audience.PARTNERS}:
            raise ValidationError(
                {"audiences": ValidationError(RESTRICTED_AUDIENCE, code="restricted_audience")}
            )
        found = distribution.outsiders(distribution.communique_recipients(communique, today))
        message, code = RESTRICTED_PERSON, "restricted_person"
    else:
        if Communique.Audience.PARTNERS in audiences:
            raise ValidationError(
                {"audiences": ValidationError(PARTNERS_PUBLIC_ONLY, code="partners_public_only")}
            )
        found = distribution.partners(distribution.communique_recipients(communique, today))
        message, code = PARTNER_PERSON, "partner_person"
    if found:
        names = ", ".join(sorted(r.name for r in found))
        raise ValidationError(
            {"people": ValidationError(message, code=code, params={"names": names})}
        )


def _set_fields(
    communique: Communique,
    *,
    subject: str,
    body: str,
    languages: str,
    confidentiality: str,
    audiences: Sequence[str],
    committee: Committee | None,
    acknowledge_by: dt.date | None,
) -> None:
    _check_text(subject=subject, body=body)
    unknown = [a for a in audiences if a not in Communique.Audience.values]
    if unknown:
        raise ValidationError(
            {
                "audiences": ValidationError(
                    UNKNOWN_AUDIENCE, code="unknown_audience", params={"value": unknown[0]}
                )
            }
        )
    communique.subject = subject.strip()
    communique.body = body.strip()
    communique.languages = languages
    communique.confidentiality = confidentiality
    communique.audiences = [a for a in Communique.Audience.values if a in set(audiences)]
    communique.committee = committee
    communique.acknowledge_by = acknowledge_by


def _save_draft(
    communique: Communique,
    *,
    by: User,
    countries: Iterable[Country],
    people: Iterable[Person],
    attachments: Iterable[UploadedFile],
) -> Communique:
    communique.full_clean(exclude=["drafted_by"] if communique.drafted_by_id else None)
    communique.save()
    communique.countries.set(list(countries))
    communique.people.set(list(people))
    check_distribution(communique)
    # The attachments are archive documents readable as the comunicado is (issue 18).
    communique.attachments.filter(~Q(access=communique.confidentiality)).update(
        access=communique.confidentiality
    )
    for upload in attachments:
        name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1]
        try:
            document = document_upload(
                by=by,
                file=upload,
                title=name[:300],
                kind=Document.Kind.COMMUNIQUE_ATTACHMENT,
                access=communique.confidentiality,
                date=timezone.localdate(),
            )
        except ValidationError as error:
            # The archive's refusal, said of this form's field and of this file.
            raise ValidationError(
                {"attachments": [f"{name}: {message}" for message in error.messages]}
            ) from error
        communique.attachments.add(document)
    return communique


@transaction.atomic
def communique_create(
    *,
    by: User,
    subject: str,
    body: str,
    languages: str = Communique.Languages.ES,
    confidentiality: str = AccessLevel.MEMBERS,
    audiences: Sequence[str] = (),
    countries: Iterable[Country] = (),
    committee: Committee | None = None,
    people: Iterable[Person] = (),
    acknowledge_by: dt.date | None = None,
    attachments: Iterable[UploadedFile] = (),
) -> Communique:
    """ST or the Presidency drafts a comunicado; an attachment the archive refuses leaves
    nothing stored (one transaction)."""
    refuse(permissions.draft_refusal(user=by))
    communique = Communique(drafted_by=by)
    _set_fields(
        communique,
        subject=subject,
        body=body,
        languages=languages,
        confidentiality=confidentiality,
        audiences=audiences,
        committee=committee,
        acknowledge_by=acknowledge_by,
    )
    return _save_draft(
        communique, by=by, countries=countries, people=people, attachments=attachments
    )


@transaction.atomic
def communique_update(
    *,
    by: User,
    communique: Communique,
    expected_version: int | None,
    subject: str,
    body: str,
    languages: str,
    confidentiality: str,
    audiences: Sequence[str] = (),
    countries: Iterable[Country] = (),
    committee: Committee | None = None,
    people: Iterable[Person] = (),
    acknowledge_by: dt.date | None = None,
    attachments: Iterable[UploadedFile] = (),
    remove_attachments: Iterable[Document] = (),
) -> Communique:
    """A draft changes until it is sent (already_sent), from the version its editor read
    (stale_version)."""
    communique = Communique.objects.select_for_update().get(pk=communique.pk)
    refuse(permissions.edit_refusal(user=by, communique=communique))
    claim_version(communique, expected_version)
    _set_fields(
        communique,
        subject=subject,
        body=body,
        languages=languages,
        confidentiality=confidentiality,
        audiences=audiences,
        committee=committee,
        acknowledge_by=acknowledge_by,
    )
    removed = list(remove_attachments)
    if removed:
        communique.attachments.remove(*removed)
    return _save_draft(
        communique, by=by, countries=countries, people=people, attachments=attachments
    )


# --- Sending --------------------------------------------------------------------------------


def _next_sequence(year: int) -> int:
    """The year's rows are locked (PostgreSQL) while the next number is read; the unique
    constraint (year, sequence) catches the first comunicado of a year sent twice at once,
    and communique_send tries again."""
    list(
        Communique.objects.select_for_update()
        .filter(year=year, sequence__isnull=False)
        .values_list("pk", flat=True)
    )
    current = Communique.objects.filter(year=year).aggregate(m=Max("sequence"))["m"]
    return (current or 0) + 1


def _assign_number(communique: Communique, year: int) -> None:
    for attempt in range(5):
        sequence = _next_sequence(year)
        try:
            with transaction.atomic():
                Communique.objects.filter(pk=communique.pk).update(
                    year=year,
                    sequence=sequence,
                    number=NUMBER_FORMAT.format(year=year, sequence=sequence),
                )
        except IntegrityError:
            if attempt == 4:
                raise
            continue
        communique.year, communique.sequence = year, sequence
        communique.number = NUMBER_FORMAT.format(year=year, sequence=sequence)
        return


def subject_line(communique: Communique) -> str:
    return f"[{communique.number}] {communique.subject}"


@transaction.atomic
def communique_send(
    *, by: User, communique: Communique, expected_version: int | None = None
) -> Communique:
    """Sends the draft: it gets its number (COM-YYYY-NNN, per year of sending), each
    recipient a Delivery (their inbox, from now), and after the commit the worker sends the
    e-mails. Cannot be undone."""
    communique = Communique.objects.select_for_update().get(pk=communique.pk)
    refuse(permissions.send_refusal(user=by, communique=communique))
    claim_version(communique, expected_version)
    today = timezone.localdate()
    check_distribution(communique, today=today)
    recipients = distribution.communique_recipients(communique, today)
    if not recipients:
        raise ValidationError(NO_RECIPIENTS, code="no_recipients")
    _assign_number(communique, today.year)
    communique.status = Communique.Status.SENT
    communique.sent_at = timezone.now()
    communique.sent_by = by
    communique.save(update_fields=["status", "sent_at", "sent_by"])
    link = absolute_reverse("communiques:detail", communique.pk)
    subject = subject_line(communique)
    for recipient in recipients:
        delivery_record(
            kind=Delivery.Kind.COMMUNIQUE,
            recipient=recipient,
            subject=subject,
            link=link,
            communique=communique,
        )
    _queue(communique.pk, Delivery.Kind.COMMUNIQUE)
    return communique


def _queue(communique_id: int, kind: str) -> None:
    from communications.tasks import send_communique

    transaction.on_commit(lambda: publish(send_communique, communique_id, kind))


def communique_send_queue(*, communique: Communique, kind: str = Delivery.Kind.COMMUNIQUE):
    """The worker's first step: the queued deliveries, in chunks (one task each)."""
    from communications.tasks import send_communique_chunk

    ids = list(
        communique.deliveries.filter(kind=kind, state=Delivery.State.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        publish(send_communique_chunk, communique.pk, ids[start : start + CHUNK])
    return len(ids)


def _attachment_files(communique: Communique) -> list[tuple[str, bytes, str]] | None:
    """The attachments' current files, or None when the comunicado is restricted (never
    attached) or they weigh more than the limit (the e-mail then says they are on the
    platform)."""
    if communique.confidentiality == AccessLevel.RESTRICTED:
        return None
    files = []
    total = 0
    for document in communique.attachments.prefetch_related("versions"):
        versions = sorted(document.versions.all(), key=lambda v: v.number)
        if not versions:
            continue
        current = versions[-1]
        total += current.size
        if total > _attachments_max_bytes():
            return None
        with current.file.open("rb") as handle:
            files.append((current.original_name, handle.read(), current.mime_type))
    return files


def communique_message(
    *,
    communique: Communique,
    delivery: Delivery,
    files: list[tuple[str, bytes, str]] | None,
    connection=None,
) -> EmailMessage:
    """One recipient's e-mail, in their language."""
    restricted = communique.confidentiality == AccessLevel.RESTRICTED
    reminder = delivery.kind == Delivery.Kind.COMMUNIQUE_REMINDER
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        context = {
            "communique": communique,
            "delivery": delivery,
            "restricted": restricted,
            "reminder": reminder,
            "link": delivery.link,
            "has_attachments": communique.attachments.exists(),
            "attached": bool(files),
        }
        body = render_to_string("communications/email/communique_body.txt", context)
        message = EmailMessage(
            subject=delivery.subject,
            body=body,
            from_email=sender(),
            to=[delivery.email],
            connection=connection,
        )
    if files and not restricted and not reminder:
        for name, content, mime in files:
            message.attach(name, content, mime)
    return message


def communique_chunk_send(*, communique: Communique, delivery_ids: Iterable[int]) -> int:
    """Sends the e-mails of these deliveries still queued (a task run twice sends nothing
    twice), over one connection. A failure is recorded on its delivery (state failed, the
    error) and the others go on. Returns how many left."""
    deliveries = list(
        communique.deliveries.filter(
            pk__in=list(delivery_ids), state=Delivery.State.QUEUED
        ).order_by("pk")
    )
    if not deliveries:
        return 0
    files = (
        _attachment_files(communique)
        if any(d.kind == Delivery.Kind.COMMUNIQUE for d in deliveries)
        else None
    )
    sent = 0
    with get_connection() as connection:
        for delivery in deliveries:
            message = communique_message(
                communique=communique, delivery=delivery, files=files, connection=connection
            )
            try:
                delivery_send(delivery=delivery, message=message)
            except Exception:  # recorded on the delivery by delivery_send; the others go on
                logger.exception("comunicado %s: delivery %s failed", communique.pk, delivery.pk)
                continue
            sent += 1
    return sent


# --- The recipients --------------------------------------------------------------------------


def communique_open(*, user: User, delivery: Delivery | None) -> None:
    """The recipient opened the comunicado in the platform: the first time is kept."""
    if delivery is None or delivery.opened_at is not None:
        return
    now = timezone.now()
    if Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(opened_at=now):
        delivery.opened_at = now


@transaction.atomic
def communique_acknowledge(*, user: User, delivery: Delivery | None) -> Delivery:
    """The recipient says they received it (once); it counts as opened too."""
    if delivery is not None:
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    refuse(permissions.acknowledge_refusal(user=user, delivery=delivery))
    assert delivery is not None
    now = timezone.now()
    delivery.acknowledged_at = now
    delivery.opened_at = delivery.opened_at or now
    delivery.save(update_fields=["acknowledged_at", "opened_at"])
    return delivery


# --- Reminders --------------------------------------------------------------------------------


def _remind(communique: Communique, pending: list[Delivery]) -> int:
    """A reminder delivery for each of `pending` (their originals stamped), sent after
    the commit."""
    now = timezone.now()
    for original in pending:
        delivery_record(
            kind=Delivery.Kind.COMMUNIQUE_REMINDER,
            recipient=Recipient(
                email=original.email,
                name=original.name,
                user=original.user,
                person=original.person,
                country=original.country,
                organisation=original.organisation,
                language=original.language,
            ),
            subject=original.subject,
            link=original.link,
            communique=communique,
        )
    Delivery.objects.filter(pk__in=[d.pk for d in pending]).update(
        reminded_at=now, reminders=F("reminders") + 1
    )
    _queue(communique.pk, Delivery.Kind.COMMUNIQUE_REMINDER)
    return len(pending)


def _not_acknowledged(communique: Communique):
    return communique.deliveries.filter(
        kind=Delivery.Kind.COMMUNIQUE, acknowledged_at__isnull=True
    ).select_related("user", "person", "country")


@transaction.atomic
def communique_remind(*, by: User, communique: Communique) -> int:
    """ST or the Presidency reminds every recipient who has not acknowledged receipt;
    returns how many reminders are queued."""
    communique = Communique.objects.select_for_update().get(pk=communique.pk)
    refuse(permissions.remind_refusal(user=by, communique=communique))
    pending = list(_not_acknowledged(communique).order_by("pk"))
    if not pending:
        raise ValidationError(NOBODY_TO_REMIND, code="nobody_to_remind")
    return _remind(communique, pending)


def communique_remind_overdue(*, today: dt.date | None = None) -> int:
    """The daily job: the day after a comunicado's acknowledge-by date, whoever has still
    not acknowledged is reminded once (nobody already reminded since that date is
    reminded again). Returns how many reminders are queued."""
    today = today or timezone.localdate()
    total = 0
    due = Communique.objects.filter(
        status=Communique.Status.SENT, acknowledge_by__isnull=False, acknowledge_by__lt=today
    ).order_by("pk")
    for communique in due:
        deadline = communique.acknowledge_by
        with transaction.atomic():
            pending = list(
                _not_acknowledged(communique)
                .filter(Q(reminded_at__isnull=True) | Q(reminded_at__date__lte=deadline))
                .order_by("pk")
            )
            if pending:
                total += _remind(communique, pending)
    return total
