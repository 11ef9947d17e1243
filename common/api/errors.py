"""One JSON shape for every error of /api/v1/ (issue #8):

    {"detail": "<message>", "code": "<snake_code>", "fields": {"<field>": [{"message", "code"}]}}

The services raise Django's ValidationError with a `code` (docs/architecture.md) and PermissionDenied
with the rule's message; they are mapped here to 400 and 403 so a partner's program reads the
same codes the tests assert on. Messages are gettext_lazy strings evaluated while the
request's language is active (LocaleMiddleware reads Accept-Language: "es" or "en").

Nested errors are flattened with dots: `entries.12.progress` is the `progress` of the row
of activity 12 (ReportRowsInvalid keeps its rows by activity id), `entries.0.activity` the
first item of a list a serializer refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

INVALID_REQUEST = _("Some values of the request are invalid.")

FieldErrors = dict[str, list[dict[str, str]]]


def _message(error: DjangoValidationError) -> str:
    message = error.message
    if error.params:
        message = message % error.params
    return force_str(message)


def _django_error_list(error: DjangoValidationError) -> list[dict[str, str]]:
    return [{"message": _message(e), "code": e.code or "invalid"} for e in error.error_list]


def _from_django_validation(exc: DjangoValidationError) -> exceptions.APIException:
    """A service's ValidationError → 400 with its code; per-field errors under `fields`."""
    fields: FieldErrors = {}
    rows = getattr(exc, "rows", None)  # monitoring.services.ReportRowsInvalid
    if rows:
        for activity_id, by_field in rows.items():
            for name, errors in by_field.items():
                key = f"entries.{activity_id}.{name}"
                for error in errors:
                    fields.setdefault(key, []).extend(_django_error_list(error))
        return ApiValidationError(force_str(_message(exc)), code=exc.code, fields=fields)
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            key = "non_field_errors" if name == "__all__" else name
            for error in errors:
                fields.setdefault(key, []).extend(_django_error_list(error))
        codes = {e["code"] for errs in fields.values() for e in errs}
        code = codes.pop() if len(codes) == 1 else "invalid"
        return ApiValidationError(force_str(INVALID_REQUEST), code=code, fields=fields)
    errors = _django_error_list(exc)
    first = errors[0] if errors else {"message": force_str(INVALID_REQUEST), "code": "invalid"}
    return ApiValidationError(first["message"], code=first["code"], fields={})


class ApiValidationError(exceptions.APIException):
    """A 400 that already knows its detail, code and fields."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, detail: str, *, code: str, fields: FieldErrors):
        super().__init__(detail=detail, code=code)
        self.fields = fields


def _flatten(detail: Any, prefix: str = "") -> FieldErrors:
    """DRF's nested ValidationError detail → {"a.b.0.c": [{"message", "code"}]}."""
    result: FieldErrors = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for k, v in _flatten(value, name).items():
                result.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            result[prefix or "non_field_errors"] = [
                {"message": force_str(item), "code": getattr(item, "code", None) or "invalid"}
                for item in detail
            ]
        else:
            for index, item in enumerate(detail):
                if item:
                    name = f"{prefix}.{index}" if prefix else str(index)
                    for k, v in _flatten(item, name).items():
                        result.setdefault(k, []).extend(v)
    else:
        result[prefix or "non_field_errors"] = [
            {"message": force_str(detail), "code": getattr(detail, "code", None) or "invalid"}
        ]
    return result


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        return _from_django_validation(exc)
    if isinstance(exc, DjangoPermissionDenied):
        message = force_str(exc.args[0]) if exc.args and exc.args[0] else None
        return exceptions.PermissionDenied(detail=message)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return exceptions.NotFound()
    return exc


def api_exception_handler(exc: Exception, context: dict):
    """DRF EXCEPTION_HANDLER: DRF's own handler (status, headers such as WWW-Authenticate
    and Retry-After, and the rollback of ATOMIC_REQUESTS), then the body in one shape."""
    exc = _translate(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging
    fields: FieldErrors = getattr(exc, "fields", {}) or {}
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        codes = {e["code"] for errs in fields.values() for e in errs}
        code = codes.pop() if len(codes) == 1 else "invalid"
        if list(fields) == ["non_field_errors"] and len(fields["non_field_errors"]) == 1:
            only = fields.pop("non_field_errors")[0]
            detail, code = only["message"], only["code"]
        else:
            detail = force_str(INVALID_REQUEST)
    else:
        detail_obj = exc.detail if isinstance(exc, exceptions.APIException) else ""
        detail = force_str(detail_obj)
        code = getattr(detail_obj, "code", None) or getattr(exc, "default_code", "error")
    response.data = {"detail": detail, "code": code, "fields": fields}
    return response


class FieldErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    code = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer of the API."""

    detail = serializers.CharField(help_text="Human-readable message, in the request's language.")
    code = serializers.CharField(help_text="Stable snake_case code to branch on.")
    fields = serializers.DictField(
        child=FieldErrorSerializer(many=True),
        help_text="Errors per field; nested fields are joined with dots (entries.12.progress).",
    )
