"""Writes of the coalition's public pages (001 Coordinación 6; 003 §VIII ST 2: the Technical
Secretariat keeps the web pages): news, statements and events, in Spanish and English.

Only ST writes (members.permissions.ensure_secretariat: PermissionDenied for anyone else;
the Presidency reads the list). A post is a draft until ST publishes it; a draft is never
shown publicly (communications.selectors.public). The address (slug) is made once from
the Spanish title and stays, so published links do not break when a title is corrected."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from communications.models import AccessLevel, Document, PublicPost
from members.models import User
from members.permissions import ensure_secretariat

ALREADY_PUBLISHED = _("This post is already published.")
NOT_PUBLISHED = _("This post is not published.")
DOCUMENT_NOT_PUBLIC = _("Only a public document of the archive can be attached to a public post.")
EVENT_NEEDS_DATE = _("An event needs the day it starts.")
ENDS_BEFORE_START = _("An event cannot end before it starts.")
ENGLISH_TITLE_NEEDED = _("Give the English title too, or leave the English text empty.")

POST_FIELDS = (
    "kind",
    "title_es",
    "title_en",
    "summary_es",
    "summary_en",
    "body_es",
    "body_en",
    "starts_on",
    "ends_on",
    "place",
    "document",
)


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """`title` as an address, made unique with -2, -3…"""
    max_length = PublicPost._meta.get_field("slug").max_length
    base = (slugify(title) or "post")[: max_length - 6].strip("-") or "post"
    others = PublicPost.objects.exclude(pk=exclude_pk) if exclude_pk else PublicPost.objects
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(post: PublicPost) -> None:
    errors: dict[str, ValidationError] = {}
    if post.document_id and post.document.access != AccessLevel.PUBLIC:
        errors["document"] = ValidationError(DOCUMENT_NOT_PUBLIC, code="document_not_public")
    if post.kind == PublicPost.Kind.EVENT and not post.starts_on:
        errors["starts_on"] = ValidationError(EVENT_NEEDS_DATE, code="event_needs_date")
    if post.starts_on and post.ends_on and post.ends_on < post.starts_on:
        errors["ends_on"] = ValidationError(ENDS_BEFORE_START, code="ends_before_start")
    if (post.body_en.strip() or post.summary_en.strip()) and not post.title_en.strip():
        errors["title_en"] = ValidationError(ENGLISH_TITLE_NEEDED, code="english_title_needed")
    if errors:
        raise ValidationError(errors)
    post.full_clean()


@transaction.atomic
def post_create(
    *,
    by: User,
    kind: str,
    title_es: str,
    body_es: str,
    title_en: str = "",
    summary_es: str = "",
    summary_en: str = "",
    body_en: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    place: str = "",
    document: Document | None = None,
) -> PublicPost:
    """A new post, as a draft; its address comes from the Spanish title."""
    ensure_secretariat(by)
    post = PublicPost(
        kind=kind,
        title_es=title_es,
        title_en=title_en,
        summary_es=summary_es,
        summary_en=summary_en,
        body_es=body_es,
        body_en=body_en,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        document=document,
        created_by=by,
        slug=unique_slug(title_es),
    )
    _check(post)
    post.save()
    return post


@transaction.atomic
def post_update(
    *, by: User, post: PublicPost, expected_version: int | None, **fields
) -> PublicPost:
    """ST corrects a post (draft or published); a form read before someone else's save is
    refused (stale_version). The address stays."""
    ensure_secretariat(by)
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise TypeError(f"unknown post fields: {sorted(unknown)}")
    claim_version(post, expected_version)
    for name, value in fields.items():
        setattr(post, name, value)
    _check(post)
    post.save()
    return post


@transaction.atomic
def post_publish(*, by: User, post: PublicPost, expected_version: int | None = None) -> PublicPost:
    """The post appears on the public pages, the feed and the sitemap."""
    ensure_secretariat(by)
    post = PublicPost.objects.select_for_update().get(pk=post.pk)
    if post.published_at:
        raise ValidationError(ALREADY_PUBLISHED, code="already_published")
    _check(post)  # a document made non-public since the post was written stops it
    claim_version(post, expected_version)
    post.published_at = timezone.now()
    post.save(update_fields=["published_at", "updated_at"])
    return post


@transaction.atomic
def post_unpublish(
    *, by: User, post: PublicPost, expected_version: int | None = None
) -> PublicPost:
    """The post goes back to draft: gone from the public pages, the feed and the sitemap."""
    ensure_secretariat(by)
    post = PublicPost.objects.select_for_update().get(pk=post.pk)
    if not post.published_at:
        raise ValidationError(NOT_PUBLISHED, code="not_published")
    claim_version(post, expected_version)
    post.published_at = None
    post.save(update_fields=["published_at", "updated_at"])
    return post
