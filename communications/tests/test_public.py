"""ST's public pages' posts (001 Coordinación 6; 003 §VIII ST 2): who writes, drafts and
publishing, the version check, the address, and what ST's pages show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.testing import refused
from communications.models import AccessLevel, Document, PublicPost
from communications.services import public as services

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><b onmouseover="y">'


def make_post(by, *, publish: bool = False, **fields) -> PublicPost:
    values = {"kind": PublicPost.Kind.NEWS, "title_es": "Noticia", "body_es": "Texto."}
    values.update(fields)
    post = services.post_create(by=by, **values)
    if publish:
        post = services.post_publish(by=by, post=post)
    return post


# --- Services -------------------------------------------------------------------------


def test_st_creates_a_draft_with_an_address_from_the_spanish_title(st_user):
    post = make_post(st_user, title_es="Reunión de la Coalición", title_en="Coalition meeting")
    assert post.slug == "reunion-de-la-coalicion"
    assert post.published_at is None


def test_addresses_stay_unique(st_user):
    first = make_post(st_user, title_es="Misma noticia")
    second = make_post(st_user, title_es="Misma noticia")
    assert (first.slug, second.slug) == ("misma-noticia", "misma-noticia-2")


def test_the_address_stays_when_the_title_is_corrected(st_user):
    post = make_post(st_user, title_es="Primera versión")
    post = services.post_update(
        by=st_user, post=post, expected_version=post.version, title_es="Otra cosa"
    )
    assert post.slug == "primera-version"


@pytest.mark.parametrize("role", ["presidency_user", "focal_point_hn", "delegate", "observer"])
def test_only_st_writes_posts(request, role, st_user):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        make_post(user)
    post = make_post(st_user)
    with pytest.raises(PermissionDenied):
        services.post_publish(by=user, post=post)
    with pytest.raises(PermissionDenied):
        services.post_update(by=user, post=post, expected_version=post.version, title_es="x")
    published = make_post(st_user, publish=True, title_es="Publicada")
    with pytest.raises(PermissionDenied):
        services.post_unpublish(by=user, post=published)


def test_publish_and_unpublish(st_user):
    post = make_post(st_user)
    post = services.post_publish(by=st_user, post=post)
    assert post.published_at is not None
    with refused("already_published"):
        services.post_publish(by=st_user, post=post)
    post = services.post_unpublish(by=st_user, post=post)
    assert post.published_at is None
    with refused("not_published"):
        services.post_unpublish(by=st_user, post=post)


def test_a_stale_form_is_refused(st_user):
    post = make_post(st_user)
    old = post.version
    services.post_update(by=st_user, post=post, expected_version=old, title_es="Uno")
    with refused("stale_version"):
        services.post_update(by=st_user, post=post, expected_version=old, title_es="Dos")
    with refused("stale_version"):
        services.post_publish(by=st_user, post=post, expected_version=old)
    assert PublicPost.objects.get(pk=post.pk).title_es == "Uno"


def test_an_event_needs_its_dates_in_order(st_user):
    with refused("event_needs_date", field="starts_on"):
        make_post(st_user, kind=PublicPost.Kind.EVENT)
    with refused("ends_before_start", field="ends_on"):
        make_post(
            st_user,
            kind=PublicPost.Kind.EVENT,
            starts_on=dt.date(2026, 5, 2),
            ends_on=dt.date(2026, 5, 1),
        )


def test_english_text_needs_an_english_title(st_user):
    with refused("english_title_needed", field="title_en"):
        make_post(st_user, body_en="Text in English.")


@pytest.mark.parametrize("access", [AccessLevel.MEMBERS, AccessLevel.RESTRICTED])
def test_only_a_public_document_can_be_attached(st_user, access):
    document = Document.objects.create(title="Interno", kind="other", access=access)
    with refused("document_not_public", field="document"):
        make_post(st_user, document=document)


def test_a_document_no_longer_public_stops_publishing(st_user):
    document = Document.objects.create(title="Informe", kind="report", access=AccessLevel.PUBLIC)
    post = make_post(st_user, document=document)
    Document.objects.filter(pk=document.pk).update(access=AccessLevel.RESTRICTED)
    with refused("document_not_public", field="document"):
        services.post_publish(by=st_user, post=post)


# --- ST's pages -----------------------------------------------------------------------


def test_st_and_the_presidency_read_the_list_others_are_refused(
    client, st_user, presidency_user, focal_point_hn, observer
):
    make_post(st_user, title_es="Borrador visible para ST")
    for user, status in ((st_user, 200), (presidency_user, 200), (focal_point_hn, 403)):
        client.force_login(user)
        response = client.get("/public-pages/")
        assert response.status_code == status
        if status == 200:
            assert "Borrador visible para ST" in response.content.decode()
    client.force_login(observer)
    assert client.get("/public-pages/").status_code == 403
    client.logout()
    assert client.get("/public-pages/").status_code == 302  # to the login page


def test_the_presidency_reads_but_cannot_create_or_publish(client, st_user, presidency_user):
    post = make_post(st_user)
    client.force_login(presidency_user)
    assert client.get(f"/public-pages/{post.pk}/").status_code == 200
    assert client.get("/public-pages/new/").status_code == 403
    assert client.get(f"/public-pages/{post.pk}/edit/").status_code == 403
    response = client.post(f"/public-pages/{post.pk}/publish/", {"version": post.version})
    assert response.status_code == 403
    assert PublicPost.objects.get(pk=post.pk).published_at is None


def test_st_creates_edits_and_publishes_through_the_pages(client, st_user):
    client.force_login(st_user)
    response = client.post(
        "/public-pages/new/",
        {"kind": "news", "title_es": "Nueva noticia", "body_es": "Cuerpo", "title_en": ""},
    )
    post = PublicPost.objects.get(title_es="Nueva noticia")
    assert response.status_code == 302 and response["Location"] == f"/public-pages/{post.pk}/"
    response = client.post(
        f"/public-pages/{post.pk}/edit/",
        {"kind": "news", "title_es": "Noticia corregida", "body_es": "Cuerpo", "version": 1},
    )
    assert response.status_code == 302
    # the same form sent again: stale
    response = client.post(
        f"/public-pages/{post.pk}/edit/",
        {"kind": "news", "title_es": "Otra", "body_es": "Cuerpo", "version": 1},
    )
    assert response.status_code == 200 and "version" in response.content.decode()
    assert PublicPost.objects.get(pk=post.pk).title_es == "Noticia corregida"
    confirm = client.get(f"/public-pages/{post.pk}/publish/")
    assert confirm.status_code == 200 and "Noticia corregida" in confirm.content.decode()
    client.post(f"/public-pages/{post.pk}/publish/", {"version": 2})
    assert PublicPost.objects.get(pk=post.pk).published_at is not None
    client.post(f"/public-pages/{post.pk}/unpublish/", {"version": 3})
    assert PublicPost.objects.get(pk=post.pk).published_at is None


def test_a_publish_without_the_version_is_refused(client, st_user):
    post = make_post(st_user)
    client.force_login(st_user)
    client.post(f"/public-pages/{post.pk}/publish/", {})
    assert PublicPost.objects.get(pk=post.pk).published_at is None


def test_html_typed_in_a_post_is_shown_escaped_in_the_preview(client, st_user):
    post = make_post(
        st_user,
        title_es=XSS,
        summary_es=XSS,
        body_es=XSS,
        title_en=XSS,
        summary_en=XSS,
        body_en=XSS,
        place=XSS,
    )
    client.force_login(st_user)
    for url in (f"/public-pages/{post.pk}/", "/public-pages/", f"/public-pages/{post.pk}/edit/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert '<b onmouseover="y">' not in html, url
        assert "&lt;script&gt;" in html, url
