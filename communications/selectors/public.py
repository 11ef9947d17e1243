"""Reads of the coalition's public pages (001 Coordinación 6; 003 §VIII ST 2).

What anybody may see: published posts only (a draft is never shown, found by address or
listed), and archive documents whose access level is public — never a members' or a
restricted one (communications.models.AccessLevel). Every list here runs a fixed number of
queries whatever its length. `localized` picks the language a reader gets: English when
the page is in English and the post has an English text, else Spanish, marked as such."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation

from communications.models import AccessLevel, Document, PublicPost
from communications.models.archive import NEWEST_FIRST
from members.models import User

NEWS_KINDS = (PublicPost.Kind.NEWS, PublicPost.Kind.STATEMENT)


# --- Who manages ------------------------------------------------------------------------


def can_manage_posts(user: User) -> bool:
    """ST keeps the web pages (003 §VIII ST 2)."""
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


def can_read_posts(user: User) -> bool:
    """ST and the Presidency see the drafts; the Presidency only reads."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_secretariat or user.is_presidency)
    )


def post_list(*, status: str = "") -> QuerySet[PublicPost]:
    """Every post, drafts first, for ST's list."""
    qs = PublicPost.objects.select_related("document")
    if status == "draft":
        qs = qs.filter(published_at__isnull=True)
    elif status == "published":
        qs = qs.filter(published_at__isnull=False)
    return qs.order_by(F("published_at").desc(nulls_first=True), "-updated_at", "-pk")


# --- What everybody sees -----------------------------------------------------------------


def published_q() -> Q:
    return Q(published_at__isnull=False, published_at__lte=timezone.now())


def published_posts(*, kinds: tuple[str, ...] | None = None) -> QuerySet[PublicPost]:
    qs = PublicPost.objects.filter(published_q()).select_related("document")
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("-published_at", "-pk")


def public_news() -> QuerySet[PublicPost]:
    """News and statements, newest first."""
    return published_posts(kinds=NEWS_KINDS)


def published_post(*, slug: str) -> PublicPost:
    """One published post (PublicPost.DoesNotExist for a draft or an unknown address)."""
    return published_posts().get(slug=slug)


@dataclass(frozen=True)
class PublicEvents:
    upcoming: list[PublicPost]
    past: list[PublicPost]


def public_events(*, today: dt.date | None = None) -> PublicEvents:
    """Published events: those not over yet, soonest first; then the past ones, latest first."""
    today = today or timezone.localdate()
    events = published_posts(kinds=(PublicPost.Kind.EVENT,))
    not_over = Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today)
    return PublicEvents(
        upcoming=list(events.filter(not_over).order_by("starts_on", "pk")),
        past=list(events.exclude(not_over).order_by("-starts_on", "-pk")),
    )


def public_documents() -> QuerySet[Document]:
    """The archive's public documents (access level public only), newest first."""
    return (
        Document.objects.filter(access=AccessLevel.PUBLIC)
        .select_related("country")
        .order_by(*NEWEST_FIRST)
    )


def public_stamp() -> str:
    """When the public posts last changed (feed's <updated>, sitemap's lastmod)."""
    last = published_posts().order_by("-updated_at").values_list("updated_at", flat=True).first()
    return last.isoformat() if last else ""


# --- Which language a reader gets ---------------------------------------------------------


@dataclass(frozen=True)
class Localized:
    title: str
    summary: str
    body: str
    lang: str  # the language of the text shown
    differs: bool  # not the page's language: the element carries lang="…"


def localized(post: PublicPost, language: str | None = None) -> Localized:
    """The English version when the page is in English and the post has one (an English
    title and text), else the Spanish one."""
    language = (language or translation.get_language() or "es")[:2]
    english = language == "en" and bool(post.title_en.strip()) and bool(post.body_en.strip())
    if english:
        return Localized(post.title_en, post.summary_en, post.body_en, "en", False)
    return Localized(post.title_es, post.summary_es, post.body_es, "es", language != "es")
