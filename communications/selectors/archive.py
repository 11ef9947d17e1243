"""Reads of the archive (issue 18): every list, page, download and API answer goes through
`document_list` / `document_for` / `version_for`, which apply the access rule
(communications.selectors.access) before anything else."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from communications.models import AccessLevel, Document, DocumentVersion
from communications.search import search_documents
from communications.selectors.access import can_read, readable, readable_levels
from members.models import User


def can_manage_archive(user) -> bool:
    """ST keeps the archive (003 §VIII ST 12): uploads, new versions, metadata."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.is_secretariat
    )


@dataclass(frozen=True)
class ArchiveFilters:
    q: str = ""
    kind: str = ""
    year: int | None = None
    organ: str = ""
    country: str = ""  # ISO code
    language: str = ""
    access: str = ""


def document_list(*, user: User | None, filters: ArchiveFilters | None = None) -> QuerySet:
    """The documents `user` may read, filtered and searched (best matches first when `q`),
    with their country and versions loaded (a constant number of queries)."""
    f = filters or ArchiveFilters()
    # the search columns are read by the database only: never loaded
    qs = readable(user, Document.objects.defer("search_text", "search_vector"))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.organ:
        qs = qs.filter(organ=f.organ)
    if f.country:
        qs = qs.filter(country__iso_code__iexact=f.country)
    if f.language:
        qs = qs.filter(language=f.language)
    if f.access:
        qs = qs.filter(access=f.access)
    qs = qs.select_related("country").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
    )
    return search_documents(qs, f.q)


def document_for(*, user: User | None, pk: int) -> Document:
    """One document if `user` may read it; Document.DoesNotExist otherwise (the pages answer
    404 either way: never reveal that a document exists)."""
    return document_list(user=user).get(pk=pk)


def version_for(*, user: User | None, pk: int) -> DocumentVersion:
    """One file of a document `user` may read; DocumentVersion.DoesNotExist otherwise."""
    return DocumentVersion.objects.select_related("document").get(
        pk=pk, document__access__in=readable_levels(user)
    )


def access_levels_for(user) -> list[tuple[str, str]]:
    """The access levels a filter offers `user` (those they may read)."""
    return [(value, label) for value, label in AccessLevel.choices if can_read(user, value)]


def archive_years() -> list[int]:
    return list(
        Document.objects.exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
