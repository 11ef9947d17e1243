"""Checks on what users send: uploaded documents (accreditation letters, evidence: the content,
not the file name, must be a PDF or an image, the file must not exceed settings.UPLOAD_MAX_MB,
and its name must carry no identity number) and free text (no identity-document or passport
number of anybody: refuse_identity_numbers, attached to every user-typed model field by
install_identity_number_guard)."""

from __future__ import annotations

import os
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

DOCUMENT_MIME_TYPES = {"application/pdf", "image/png", "image/jpeg"}
FILE_TOO_LARGE = _("The file is larger than %(max)s MB.")
FILE_WRONG_TYPE = _("The file must be a PDF, PNG or JPEG document; this one is not.")


def validate_document_upload(upload: UploadedFile) -> None:
    refuse_identity_numbers(upload)
    max_mb = settings.UPLOAD_MAX_MB
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(FILE_TOO_LARGE, code="file_too_large", params={"max": max_mb})
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_MIME_TYPES:
        raise ValidationError(FILE_WRONG_TYPE, code="file_wrong_type")


# ---------------------------------------------------------------------------------------------
# Identity-document numbers (issue 23, data protection). The platform holds institutional data
# and aggregates only: never the identity of a victim or a smuggled migrant. Every text users
# type and every uploaded file's name is refused when it carries an identity-document or
# passport number. Detection is deliberately narrow so the platform's ordinary content passes:
# agreement codes (CR-2018-01), years and ranges, dates, percentages, POA codes (1.1.2), ISO
# codes, URLs and phone numbers written with their +country code.

IDENTITY_NUMBER_REFUSED = _(
    "This text seems to contain an identity document or passport number (%(found)s). The "
    "platform must not hold identity documents or any other personal data of victims or "
    "migrants: remove the number and refer to the case only by aggregated figures or by the "
    "case reference your institution keeps in its own files."
)

_KEYWORD = (
    r"(?:pasaportes?|passports?|dpi|dni|dui|c[ée]dulas?|curp|"
    r"n(?:o|º|°|ro|úm|um)\.?\s*de\s*identi(?:dad|ficaci[óo]n)|identificaci[óo]n|"
    r"identity\s+(?:card|document|number)|id\s+(?:card|number))"
)
# Words allowed between the keyword and the number ("cédula de identidad No. 1-1234-5678").
_FILLER = (
    r"(?:n(?:o|º|°|ro|úm|um|umber)\.?|n[úu]mero|number|de|del|of|the|is|es|identidad|"
    r"identificaci[óo]n|personal|[úu]nic[ao]|ciudadan[ao]|vecindad|electoral|nacional|"
    r"migratori[ao]|card|document|documento|#|:)"
)
_KEYWORD_LED = re.compile(
    rf"\b{_KEYWORD}\b[\s:.,#-]*(?:{_FILLER}[\s:.,#-]*){{0,4}}"
    r"(?P<num>[A-Z]{0,3}[ -]?\d(?:[\d -]*\d)?[A-Z]?)(?![\w])",
    re.IGNORECASE,
)
_FORMATTED = [
    # Guatemala DPI / CUI 4-5-4 (with spaces or dashes)
    r"\d{4}[ -]\d{5}[ -]\d{4}",
    # Honduras DNI 4-4-5
    r"\d{4}[ -]\d{4}[ -]\d{5}",
    # El Salvador DUI 8-1
    r"\d{8}-\d",
    # Costa Rica cédula 1-4-4 and Panama cédula (province, optional letters, tomo, asiento)
    r"(?:\d{1,2}(?:AV|PI)?|PE|E|N)-\d{3,4}-\d{3,6}",
    # Dominican Republic cédula 3-7-1
    r"\d{3}-\d{7}-\d",
    # Nicaragua cédula 3-6-4 + letter
    r"\d{3}[ -]?\d{6}[ -]?\d{4}[A-Z]",
]
_FORMATTED_ID = re.compile(
    r"(?<![\w+/.-])(?:" + "|".join(_FORMATTED) + r")(?![\w/]|[.-]\d)", re.IGNORECASE
)
# Mexico CURP (upper case as written on the document)
_CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b")
# A bare 13-digit number (a Guatemalan DPI/CUI or Honduran DNI written without spaces).
_THIRTEEN_DIGITS = re.compile(r"(?<![\d+])\d{13}(?!\d)")
# What is removed before looking: addresses and phone numbers with their +country code.
_NOT_IDENTITY = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+\d{1,3}[\s().-]*\d(?:[\d\s().-]*\d)?",
    re.IGNORECASE,
)
# Years, year ranges and dates are never identity numbers, whatever precedes them.
_YEAR_OR_DATE = re.compile(
    r"(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2})?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find_identity_number(text: str) -> str | None:
    """The first identity-document or passport number in `text`, or None."""
    if not text or _digits(text) < 5:
        return None
    # "pasaporte_G1234567": an underscore separates words too (file names, pasted keys)
    cleaned = _NOT_IDENTITY.sub(" ", text).replace("_", " ")
    for match in _KEYWORD_LED.finditer(cleaned):
        number = match.group("num").strip(" -")
        if _digits(number) >= 5 and not _YEAR_OR_DATE.fullmatch(number):
            return match.group(0).strip()
    for pattern in (_FORMATTED_ID, _CURP, _THIRTEEN_DIGITS):
        found = pattern.search(cleaned)
        if found:
            return found.group(0)
    return None


def _masked(found: str) -> str:
    """What the message shows of the number: enough to find it, not a copy of it."""
    return found if len(found) <= 6 else f"{found[:4]}…"


def refuse_identity_numbers(value: object) -> None:
    """Refuse a text (or the strings of a JSON value, or a file's name) that carries an
    identity-document or passport number (code identity_number)."""
    for text in _strings(value):
        found = find_identity_number(text)
        if found:
            raise ValidationError(
                IDENTITY_NUMBER_REFUSED, code="identity_number", params={"found": _masked(found)}
            )


def _strings(value: object):
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, File) and value.name:  # an upload or a stored file: its name
        yield os.path.basename(value.name)


# Where refuse_identity_numbers runs: on every text field users type in the project's models.
# Attached once at start-up (common.apps) as a validator of those fields, so every write that
# goes through full_clean() refuses it, per field: each service's save (the project's rule is
# "full_clean() before save()"), every ModelForm (its _post_clean), the admin and every DRF
# ModelSerializer (which copies the model field's validators). The field's own `validators`
# argument is left alone, so no migration sees a change.
GUARDED_APPS = ("common", "members", "communications", "plans", "meetings", "monitoring", "reports", "portal")
# Text written by the platform itself, never typed by a user (a job's error trace, keys...).
UNGUARDED_MODELS = {"reports.reportjob"}
UNGUARDED_FIELDS = {"password", "username"}


def _typed_by_users(field) -> bool:
    from django.db import models

    if not field.editable or field.choices or field.name in UNGUARDED_FIELDS:
        return False
    if isinstance(field, models.EmailField | models.URLField | models.SlugField):
        return False
    typed = models.CharField | models.TextField | models.JSONField | models.FileField
    return isinstance(field, typed)


def guarded_fields() -> list:
    """The model fields refuse_identity_numbers guards (for the tests and the report)."""
    from django.apps import apps

    fields = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in GUARDED_APPS or meta.label_lower in UNGUARDED_MODELS:
            continue
        if hasattr(model, "instance_type"):  # a simple-history row: a copy of a guarded one
            continue
        fields += [field for field in meta.concrete_fields if _typed_by_users(field)]
    return fields


def install_identity_number_guard() -> None:
    """Attach refuse_identity_numbers to every guarded field, and refuse a change reason
    that would keep such a number forever in a history row (simple-history signal)."""
    from simple_history.signals import pre_create_historical_record

    for field in guarded_fields():
        # Field.validators is computed once and already holds what the field added at
        # __init__ (CharField's MaxLengthValidator): append to it, never recompute it. The
        # field's own `validators` argument (what migrations see) stays untouched.
        if refuse_identity_numbers not in field.validators:
            field.validators.append(refuse_identity_numbers)
    pre_create_historical_record.connect(
        _refuse_identity_number_in_change_reason, dispatch_uid="identity_number_change_reason"
    )


def _refuse_identity_number_in_change_reason(sender, history_instance, **kwargs) -> None:
    if history_instance._meta.app_label in GUARDED_APPS:
        refuse_identity_numbers(getattr(history_instance, "history_change_reason", None))
