"""OpenAPI 3 schema of /api/v1/ (drf-spectacular): every operation documents the error
answers it can give, all with the one error body of common.api.errors, so generated
clients and the schemathesis run in .ci/run know them.

The schema says the truth about every query parameter, for every app without code of its
own: each django-filter filter's type, enum, format, length and range are read off its form
field (common.api.filters.value_schema, the rule ApiFilterBackend enforces), the pagination
states its bounds, and every optional query parameter admits an empty value (it means the
parameter was left out). A body with nested objects is documented as JSON only: form
encodings cannot carry it."""

from __future__ import annotations

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from common.api.errors import ErrorSerializer
from common.api.filters import value_schema

ERRORS = {
    "400": (
        "Invalid filter, page, body or rule of the services (see `code` and `fields`); "
        "a query parameter given more than once (`multiple_values`)."
    ),
    "401": "No credentials, or an invalid, expired or revoked token.",
    "403": "The account's role may not do this.",
    "404": "No such object, or not visible to this account; or a page past the last one.",
    "429": "Too many requests for this token or IP; see the Retry-After header.",
}
WRITE_ERRORS = {
    "409": "The body's `version` is not the current one: someone saved since you read it.",
    "412": "The If-Match ETag is not the current one: someone saved since you read it.",
    "415": "The body is not in a media type this operation takes.",
    "428": "Neither If-Match nor a `version` was sent.",
}
# The keywords of a parameter's schema that value_schema() states; spectacular's own guess
# (from the model field) is replaced by them.
CONSTRAINTS = ("type", "format", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern")
JSON = "application/json"


class ApiFilterExtension(DjangoFilterExtension):
    """Every django-filter filter's parameter with the constraints its form field holds."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        stated = value_schema(filter_field)
        if stated is None:
            return parameters
        for parameter in parameters:
            schema = {k: v for k, v in parameter["schema"].items() if k not in CONSTRAINTS}
            parameter["schema"] = {**stated, **schema}
        return parameters


def _nested(serializer) -> bool:
    """Whether a request body has objects (or lists of objects) inside it."""
    if serializer is None:
        return False
    serializer = force_instance(serializer)
    if isinstance(serializer, serializers.ListSerializer):
        return True
    if not isinstance(serializer, serializers.Serializer):
        return False
    structured = serializers.BaseSerializer | serializers.DictField | serializers.JSONField
    for field in serializer.fields.values():
        if isinstance(field, structured):
            return True
        if isinstance(field, serializers.ListField) and isinstance(
            field.child, structured | serializers.ListField
        ):
            return True
    return False


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "query" and not parameter.get("required"):
                # django-filter, the pagination, DRF's ordering and serializer fields all
                # read `?name=` as "not given".
                parameter["allowEmptyValue"] = True
        return parameters

    def map_parsers(self):
        media_types = super().map_parsers()
        if JSON in media_types and _nested(self.get_request_serializer()):
            return [JSON]
        return media_types
