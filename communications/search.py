"""Full-text search of the archive (issue 18): titles, descriptions and the text extracted
from the files, accent-insensitive ("victimas" finds "víctimas"), title matches first.

- PostgreSQL: full-text search with the Spanish configuration, through the text search
  configuration SEARCH_CONFIG that migration 0003 creates (a copy of `spanish` whose words
  pass through `unaccent` before the Spanish stemmer), over Document.search_vector (weights
  A title, B description, C text), which a trigger of that migration keeps on every write,
  GIN-indexed.
- Elsewhere (SQLite, the embedded default): every word of the query, lower-cased and without
  accents, must appear in Document.search_text; documents whose title holds every word come
  first (the title is search_text's first line)."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex, Substr

from communications.models.archive import NEWEST_FIRST
from communications.text_extraction import normalise

SEARCH_CONFIG = "coalicion_es"
MAX_WORDS = 12
MAX_QUERY_CHARS = 200


class _Matches(Func):
    """`vector @@ query` as a boolean expression."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def query_words(q: str) -> list[str]:
    return re.findall(r"\w+", normalise(q[:MAX_QUERY_CHARS]))[:MAX_WORDS]


def search_documents(queryset: QuerySet, q: str | None) -> QuerySet:
    """`queryset` (documents) narrowed to those matching `q`, best first: title matches,
    then rank (PostgreSQL) or date. An empty query leaves the queryset as it is."""
    words = query_words(q or "")
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _postgres(queryset, " ".join(words))
    return _fallback(queryset, words)


def _postgres(queryset: QuerySet, text: str) -> QuerySet:
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="plain")
    title = SearchVector("title", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_vector=query)
        .annotate(
            title_hit=_Matches(title, query),
            rank=SearchRank(F("search_vector"), query),
        )
        .order_by("-title_hit", "-rank", *NEWEST_FIRST)
    )


def _fallback(queryset: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    first_line = Substr("search_text", 1, StrIndex("search_text", Value("\n")))
    in_title = Q()
    for word in words:
        in_title &= Q(search_title__contains=word)
    return (
        queryset.annotate(search_title=first_line)
        .annotate(title_hit=Case(When(in_title, then=1), default=0, output_field=IntegerField()))
        .order_by("-title_hit", *NEWEST_FIRST)
    )


def search_text_of(*, title: str, description: str, text: str) -> str:
    """Document.search_text: the title alone on the first line (the fallback's title
    matches read it), then the description and the current version's text."""
    return "\n".join((normalise(title), normalise(description), normalise(text)))
