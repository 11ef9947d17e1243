"""Checks on uploaded documents (accreditation letters, evidence): the content, not the file
name, must be a PDF or an image, and the file must not exceed settings.UPLOAD_MAX_MB."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

DOCUMENT_MIME_TYPES = {"application/pdf", "image/png", "image/jpeg"}
FILE_TOO_LARGE = _("The file is larger than %(max)s MB.")
FILE_WRONG_TYPE = _("The file must be a PDF, PNG or JPEG document; this one is not.")


def validate_document_upload(upload: UploadedFile) -> None:
    max_mb = settings.UPLOAD_MAX_MB
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(FILE_TOO_LARGE, code="file_too_large", params={"max": max_mb})
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_MIME_TYPES:
        raise ValidationError(FILE_WRONG_TYPE, code="file_wrong_type")
