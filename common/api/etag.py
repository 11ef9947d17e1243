"""Optimistic concurrency over HTTP (issue #8, RFC 9110 §13.1.1): a versioned resource is
served with an ETag made of its id and its `version`; an update must send it back in
If-Match — or the `version` it started from in the body — and the service refuses a stale
one. A stale If-Match answers 412 Precondition Failed, a stale body version 409 Conflict,
an update with neither 428 Precondition Required: never a silent overwrite.

The check that counts is the service's (one conditional UPDATE of the version,
monitoring.services.locks._claim_version); this module only translates between HTTP and it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

PRECONDITION_REQUIRED = _(
    "Send the ETag you read in an If-Match header, or the version you started from in the "
    "body's “version” field: updates without one are refused so nobody overwrites another "
    "person's work without seeing it."
)
IF_MATCH_ANY_REFUSED = _("If-Match: * is not accepted here: send the ETag you read.")
IF_MATCH_OTHER = _(
    "The If-Match header does not name a version of this resource (it is now %(etag)s): "
    "reload it and apply your changes again."
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource changed since you read it.")
    default_code = "stale_version"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The resource changed since you read it.")
    default_code = "stale_version"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = PRECONDITION_REQUIRED
    default_code = "precondition_required"


def make_etag(kind: str, pk: int, version: int) -> str:
    """Strong ETag, e.g. "progress-report-7-v3"."""
    return f'"{kind}-{pk}-v{version}"'


_ETAG = re.compile(r'^(?:W/)?"(?P<kind>[a-z-]+)-(?P<pk>\d{1,18})-v(?P<version>\d{1,9})"$')


@dataclass(frozen=True)
class Expected:
    version: int
    from_header: bool

    def stale(self, message: str) -> APIException:
        return PreconditionFailed(message) if self.from_header else Conflict(message)


def expected_version(
    request, *, kind: str, pk: int, current: int, body_version: int | None
) -> Expected:
    """The version an update starts from: If-Match first, then the body's `version`."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        if header == "*":
            raise PreconditionFailed(IF_MATCH_ANY_REFUSED, code="if_match_any")
        for candidate in (c.strip() for c in header.split(",")):
            match = _ETAG.match(candidate)
            if match and match["kind"] == kind and int(match["pk"]) == pk:
                return Expected(int(match["version"]), from_header=True)
        raise PreconditionFailed(
            IF_MATCH_OTHER % {"etag": make_etag(kind, pk, current)}, code="stale_version"
        )
    if body_version is not None:
        return Expected(body_version, from_header=False)
    raise PreconditionRequired()


def not_modified(request, etag: str) -> bool:
    """If-None-Match matches: the client's copy is current (304)."""
    header = request.headers.get("If-None-Match", "")
    tags = {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}
    return etag in tags or "*" in tags
