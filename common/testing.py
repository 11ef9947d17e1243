"""Helpers for the apps' tests (imported by tests only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError


@contextmanager
def refused(code: str, *, field: str | None = None) -> Iterator[pytest.ExceptionInfo]:
    """The block must be refused with a ValidationError of this `code` (services state their
    refusals as codes, so a test pins the rule, not the wording); with `field`, the first
    error of that field carries the code."""
    with pytest.raises(ValidationError) as exc:
        yield exc
    error = exc.value.error_dict[field][0] if field else exc.value
    assert error.code == code, exc.value
