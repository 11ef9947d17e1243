"""What the meetings tests check the same way: a service's refusal by its code, whether a
service accepts (without keeping what it wrote), and a PDF's text as a reader's program
extracts it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from pypdf import PdfReader


def refused(code: str, fn, **kwargs) -> None:
    """`fn(**kwargs)` raises a ValidationError with `code`."""
    with pytest.raises(ValidationError) as error:
        fn(**kwargs)
    assert error.value.code == code, error.value


class _Rollback(Exception):
    pass


def accepted(call) -> bool:
    """Whether the service accepts, rolled back: a flag is compared with its service."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, ValidationError):
        return False


def flat(text: str) -> str:
    """Without whitespace: pypdf splits some kerned pairs ("T exto") and wraps lines."""
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
