"""The representation log, write side (003 §VIII Presidency 5: the Presidency represents the
Coalition "de las cuales deberá rendir informe al respecto, en la siguiente reunión de la
Coalición Regional. En caso de no poder representar, tendrá la facultad de delegar esa
función en algún otro miembro"; 003 §VIII Pleno: every representative promotes the
Coalition's work).

Recording, editing and marking an entry reported place its report on the plenaries'
agendas in the same transaction (presidency.services.agenda.entry_agenda_sync). The refusals
are presidency.selectors.representation's, so the page's buttons and the services agree."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from common.versions import claim_version
from meetings.models import Meeting
from members.models import User
from presidency import permissions
from presidency.models import RepresentationDocument, RepresentationEntry
from presidency.selectors import representation as rules
from presidency.services.agenda import entry_agenda_remove, entry_agenda_sync
from presidency.services.base import attribute_to, save

ENTRY_FIELDS = (
    "kind",
    "event_name",
    "event",
    "start_date",
    "end_date",
    "place",
    "represented_by",
    "person",
    "person_name",
    "country",
    "delegation",
    "positions",
    "outcomes",
)
# What a representative does not choose: their own promotion, their own country.
SET_FOR_REPRESENTATIVES = ("kind", "represented_by", "country")
_TEXT_FIELDS = frozenset(
    ("event_name", "place", "person_name", "delegation", "positions", "outcomes")
)

REPRESENTED_BY_PRESIDENCY = _(
    "A representation of the Coalition is made by the Presidency or by a member it delegates."
)
PROMOTION_BY_REPRESENTATIVE = _("The promotion of the Coalition's work is a representative's.")
DELEGATION_REQUIRED = _("Say how and when the Presidency delegated the representation.")
COUNTRY_REQUIRED = _("Say the member country of the representative.")
UNKNOWN_FIELD = _("%(field)s is not a field of a representation entry.")


def _raise(refusal: ValidationError | None) -> None:
    if refusal is not None:
        raise refusal


def _field_error(field: str, message, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _apply(user: User, entry: RepresentationEntry, fields: dict) -> None:
    """Sets the entry's fields; what a representative does not choose is set here: a
    promotion of their own, in their country (003 §VIII Pleno)."""
    for name, value in fields.items():
        if name not in ENTRY_FIELDS:
            raise ValidationError(UNKNOWN_FIELD, code="unknown_field", params={"field": name})
        if name in SET_FOR_REPRESENTATIVES and not permissions.can_manage(user):
            continue
        setattr(entry, name, "" if value is None and name in _TEXT_FIELDS else value)
    if not permissions.can_manage(user):
        entry.kind = RepresentationEntry.Kind.PROMOTION
        entry.represented_by = RepresentationEntry.RepresentedBy.REPRESENTATIVE
        body = user.national_body
        entry.country = body.country if body else None


def _check_roles(entry: RepresentationEntry) -> None:
    """A representation is the Presidency's or its delegate's (with the delegation said); a
    promotion a representative's, of a member country."""
    by = RepresentationEntry.RepresentedBy
    if entry.kind == RepresentationEntry.Kind.REPRESENTATION:
        if entry.represented_by not in (by.PRESIDENCY, by.DELEGATE):
            raise _field_error(
                "represented_by", REPRESENTED_BY_PRESIDENCY, "representation_not_by_presidency"
            )
        if entry.represented_by == by.DELEGATE and not entry.delegation.strip():
            raise _field_error("delegation", DELEGATION_REQUIRED, "delegation_required")
    else:
        if entry.represented_by != by.REPRESENTATIVE:
            raise _field_error(
                "represented_by", PROMOTION_BY_REPRESENTATIVE, "promotion_not_by_representative"
            )
        if entry.country_id is None:
            raise _field_error("country", COUNTRY_REQUIRED, "country_required")


def _locked(entry: RepresentationEntry) -> RepresentationEntry:
    return (
        RepresentationEntry.objects.select_for_update(of=("self",))
        .select_related("agenda_item__meeting")
        .get(pk=entry.pk)
    )


@transaction.atomic
def entry_create(*, user: User, **fields) -> RepresentationEntry:
    """Records a representation (the Presidency, ST) or a promotion (any representative:
    their own, in their country); while open its report is on the next plenary's agenda."""
    kind = fields.get("kind") or (
        "" if permissions.can_manage(user) else RepresentationEntry.Kind.PROMOTION
    )
    _raise(rules.record_refusal(user=user, kind=kind))
    entry = RepresentationEntry(created_by=user)
    _apply(user, entry, {**fields, "kind": kind})
    _check_roles(entry)
    save(entry, user)
    entry_agenda_sync(entry)
    return entry


@transaction.atomic
def entry_update(
    *, user: User, entry: RepresentationEntry, version: int | None, **fields
) -> RepresentationEntry:
    """Edits an open entry (who may: rules.edit_refusal); a form read before someone else's
    save is refused (stale_version). Its report follows its dates to the right plenary."""
    entry = _locked(entry)
    _raise(rules.edit_refusal(user=user, entry=entry))
    claim_version(entry, version)
    _apply(user, entry, fields)
    _check_roles(entry)
    save(entry, user)
    entry_agenda_sync(entry)
    return entry


@transaction.atomic
def entry_delete(*, user: User, entry: RepresentationEntry) -> None:
    """Deletes an open entry; its report leaves an agenda that still takes changes."""
    entry = _locked(entry)
    _raise(rules.edit_refusal(user=user, entry=entry))
    entry_agenda_remove(entry)
    attribute_to(entry, user)
    entry.delete()


@transaction.atomic
def entry_mark_reported(
    *, user: User, entry: RepresentationEntry, meeting: Meeting, version: int | None = None
) -> RepresentationEntry:
    """The Presidency or ST records that the report was presented at `meeting` (a plenary
    that met on or after the activity began: rules.mark_reported_refusal). The entry leaves
    the agendas of the plenaries that come after."""
    entry = _locked(entry)
    meeting = Meeting.objects.get(pk=meeting.pk)
    _raise(rules.mark_reported_refusal(user=user, entry=entry, meeting=meeting))
    claim_version(entry, version)
    entry.status = RepresentationEntry.Status.REPORTED
    entry.reported_at = meeting
    entry.reported_on = rules.meeting_local_date(meeting)
    save(entry, user)
    entry_agenda_sync(entry)
    return entry


@transaction.atomic
def document_add(
    *, user: User, entry: RepresentationEntry, title: str, file: UploadedFile
) -> RepresentationDocument:
    """A document of the entry (programme, statement, the report): PDF or image
    (common.validators.validate_document_upload)."""
    entry = _locked(entry)
    _raise(rules.document_add_refusal(user=user, entry=entry))
    try:
        validate_document_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from error
    document = RepresentationDocument(entry=entry, title=title, file=file, uploaded_by=user)
    save(document, user)
    return document


@transaction.atomic
def document_remove(*, user: User, document: RepresentationDocument) -> None:
    entry = _locked(document.entry)
    _raise(rules.document_remove_refusal(user=user, entry=entry))
    attribute_to(document, user)
    document.delete()
