"""OpenAPI 3 schema of /api/v1/ (drf-spectacular): every operation documents the error
answers it can give, all with the one error body of common.api.errors, so generated
clients and the schemathesis run in .ci/run know them."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from common.api.errors import ErrorSerializer

ERRORS = {
    "400": "Invalid filter, page, body or rule of the services (see `code` and `fields`).",
    "401": "No credentials, or an invalid, expired or revoked token.",
    "403": "The account's role may not do this.",
    "404": "No such object, or not visible to this account; or a page past the last one.",
    "429": "Too many requests for this token or IP; see the Retry-After header.",
}
WRITE_ERRORS = {
    "409": "The body's `version` is not the current one: someone saved since you read it.",
    "412": "The If-Match ETag is not the current one: someone saved since you read it.",
    "428": "Neither If-Match nor a `version` was sent.",
}


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
