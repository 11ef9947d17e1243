"""The coalition's public pages (001 Coordinación 6; 003 §VIII ST 2), as an anonymous
visitor reads them: news and statements, events, publications, agreements made public, the
Atom feed and the sitemap; Spanish and English; nothing that is not public on any of them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.testing import refused
from communications.models import AccessLevel, Document, PublicPost
from communications.selectors import public as public_selectors
from communications.services import public as post_services
from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.models import Agreement, Motion
from meetings.tests.factories import AgendaItemFactory, AgreementFactory, MotionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://coalicion.example.org"
XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def post(st, *, publish=True, **fields) -> PublicPost:
    values = {"kind": PublicPost.Kind.NEWS, "title_es": "Noticia", "body_es": "Texto."}
    values.update(fields)
    created = post_services.post_create(by=st, **values)
    return post_services.post_publish(by=st, post=created) if publish else created


def english(client):
    client.cookies["django_language"] = "en"
    return client


def documents() -> dict[str, Document]:
    return {
        level: Document.objects.create(
            title=f"Documento {level}", kind=Document.Kind.PUBLICATION, access=level
        )
        for level in (AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED)
    }


# --- News and drafts ------------------------------------------------------------------


def test_anonymous_visitors_read_the_public_pages(client, st_user):
    post(st_user, title_es="Noticia publicada")
    for url in ("/news/", "/events/", "/publications/", "/agreements/public/", "/news/feed/"):
        assert client.get(url).status_code == 200, url
    assert "Noticia publicada" in client.get("/news/").content.decode()
    assert client.get("/news/noticia-publicada/").status_code == 200


def test_a_draft_is_never_shown_publicly(client, st_user):
    draft = post(st_user, publish=False, title_es="Borrador secreto")
    assert client.get(f"/news/{draft.slug}/").status_code == 404
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    for url in ("/news/", "/news/feed/", "/sitemap.xml", "/events/"):
        assert "Borrador secreto" not in client.get(url).content.decode(), url
        assert draft.slug not in client.get(url).content.decode(), url


def test_an_unpublished_post_disappears(client, st_user):
    published = post(st_user, title_es="Retirada")
    assert client.get("/news/retirada/").status_code == 200
    post_services.post_unpublish(by=st_user, post=published)
    assert client.get("/news/retirada/").status_code == 404


def test_english_pages_show_the_english_version(client, st_user):
    post(st_user, title_es="Título en español", title_en="English title", body_en="English body")
    text = english(client).get("/news/titulo-en-espanol/").content.decode()
    assert "English title" in text and "English body" in text
    assert "Título en español" not in text


def test_spanish_pages_show_the_spanish_version(client, st_user):
    post(st_user, title_es="Título en español", title_en="English title", body_en="English body")
    text = client.get("/news/titulo-en-espanol/").content.decode()
    assert "Título en español" in text and "English title" not in text
    assert '<article lang="es"' not in text  # the page is Spanish already


def test_without_english_text_english_pages_show_spanish_marked_lang_es(client, st_user):
    post(st_user, title_es="Solo en español", body_es="Texto en español.")
    text = english(client).get("/news/solo-en-espanol/").content.decode()
    assert '<html lang="en">' in text
    assert '<article lang="es">' in text
    assert "Solo en español" in text
    listing = english(client).get("/news/").content.decode()
    assert 'lang="es"' in listing and "Solo en español" in listing


def test_the_site_language_switch_works_on_the_news_page(client, st_user):
    post(st_user, title_es="Título en español", title_en="English title", body_en="English body")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/news/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/news/"
    assert "English title" in response.content.decode()


def test_html_typed_in_a_post_is_shown_escaped_on_public_pages(client, st_user):
    post(st_user, title_es=XSS, summary_es=XSS, body_es=XSS, place=XSS)
    slug = PublicPost.objects.get().slug
    for url in ("/news/", f"/news/{slug}/"):
        text = client.get(url).content.decode()
        assert "<script>alert" not in text, url
        assert "&lt;script&gt;" in text, url
    feed = client.get("/news/feed/").content.decode()
    ET.fromstring(feed)  # still well-formed XML
    assert "<script>" not in feed


# --- Events ---------------------------------------------------------------------------


def test_events_are_split_into_upcoming_and_past(client, st_user):
    today = timezone.localdate()
    post(st_user, kind="event", title_es="Evento futuro", starts_on=today + dt.timedelta(days=9))
    post(st_user, kind="event", title_es="Evento pasado", starts_on=today - dt.timedelta(days=9))
    text = client.get("/events/").content.decode()
    assert text.index("Evento futuro") < text.index("Evento pasado")
    listed = public_selectors.public_events()
    assert [p.title_es for p in listed.upcoming] == ["Evento futuro"]
    assert [p.title_es for p in listed.past] == ["Evento pasado"]
    assert client.get("/events/evento-futuro/").status_code == 200
    assert "Evento futuro" not in client.get("/news/").content.decode()


# --- Publications: public documents only -----------------------------------------------


def test_publications_list_only_public_documents(client):
    documents()
    text = client.get("/publications/").content.decode()
    assert "Documento public" in text
    assert "Documento members" not in text
    assert "Documento restricted" not in text


def test_members_and_restricted_documents_reach_no_public_page(client, st_user):
    docs = documents()
    post(st_user, title_es="Con documento", document=docs[AccessLevel.PUBLIC])
    for url in (
        "/",
        "/news/",
        "/news/con-documento/",
        "/events/",
        "/publications/",
        "/agreements/public/",
        "/news/feed/",
        "/sitemap.xml",
    ):
        text = client.get(url).content.decode()
        assert "Documento members" not in text, url
        assert "Documento restricted" not in text, url
    assert "Documento public" in client.get("/news/con-documento/").content.decode()


# --- Feed -----------------------------------------------------------------------------


def test_the_feed_is_atom_with_absolute_links_on_site_url(client, st_user):
    post(st_user, title_es="Primera", title_en="First", body_en="Body")
    post(st_user, kind="statement", title_es="Declaración")
    post(st_user, kind="event", title_es="Evento", starts_on=dt.date(2030, 1, 1))
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert sorted(titles) == ["Declaración", "Primera"]  # events are not news
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert links and all(href.startswith(SITE + "/") for href in links), links
    for href in links:
        path = href.removeprefix(SITE)
        assert client.get(path).status_code == 200, path


def test_the_feed_follows_the_request_language(client, st_user):
    post(st_user, title_es="Primera", title_en="First", body_en="Body")
    root = ET.fromstring(english(client).get("/news/feed/").content)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["First"]


# --- Sitemap --------------------------------------------------------------------------


def test_the_sitemap_lists_published_posts_only_on_site_url(client, st_user):
    post(st_user, title_es="Publicada")
    post(st_user, kind="event", title_es="Evento", starts_on=dt.date(2030, 1, 1))
    post(st_user, publish=False, title_es="Borrador")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locs = [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]
    assert all(loc.startswith(SITE + "/") for loc in locs), locs
    assert f"{SITE}/" in locs
    for path in ("/news/", "/events/", "/publications/", "/agreements/public/"):
        assert SITE + path in locs
    assert f"{SITE}/news/publicada/" in locs
    assert f"{SITE}/events/evento/" in locs
    assert not any("borrador" in loc for loc in locs)


# --- Agreements made public -----------------------------------------------------------


def adopted_agreement(*, restricted: bool = False, **fields) -> Agreement:
    item = AgendaItemFactory(restricted=restricted)
    motion = MotionFactory(agenda_item=item, outcome=Motion.Outcome.ADOPTED)
    return AgreementFactory(meeting=item.meeting, motion=motion, **fields)


def test_an_agreement_made_public_appears_on_the_public_page(client, st_user):
    agreement = adopted_agreement(text="Aprobar el plan regional")
    assert "Aprobar el plan regional" not in client.get("/agreements/public/").content.decode()
    made = meeting_services.agreement_make_public(
        by=st_user,
        agreement=agreement,
        decided_on=dt.date(2026, 3, 10),
        reference="Acta de la reunión ordinaria",
        expected_version=agreement.version,
    )
    assert made.version == agreement.version + 1
    text = client.get("/agreements/public/").content.decode()
    assert "Aprobar el plan regional" in text and "Acta de la reunión ordinaria" in text
    meeting_services.agreement_withdraw_public(by=st_user, agreement=made)
    assert "Aprobar el plan regional" not in client.get("/agreements/public/").content.decode()


def test_an_agreement_on_a_restricted_item_can_never_be_made_public(client, st_user):
    agreement = adopted_agreement(restricted=True, text="Acuerdo reservado")
    with refused("agreement_restricted"):
        meeting_services.agreement_make_public(
            by=st_user, agreement=agreement, decided_on=dt.date(2026, 3, 10), reference="Acta"
        )
    # even if a row were changed behind the services' back, the public list leaves it out
    Agreement.objects.filter(pk=agreement.pk).update(made_public_on=dt.date(2026, 3, 10))
    assert not meeting_selectors.public_agreements().filter(pk=agreement.pk).exists()
    assert "Acuerdo reservado" not in client.get("/agreements/public/").content.decode()


def test_only_adopted_agreements_are_made_public(st_user):
    cancelled = adopted_agreement(status=Agreement.Status.CANCELLED)
    with refused("agreement_not_adopted"):
        meeting_services.agreement_make_public(
            by=st_user, agreement=cancelled, decided_on=dt.date(2026, 3, 10), reference="Acta"
        )
    item = AgendaItemFactory()
    rejected = AgreementFactory(
        meeting=item.meeting,
        motion=MotionFactory(agenda_item=item, outcome=Motion.Outcome.REJECTED),
    )
    with refused("agreement_not_adopted"):
        meeting_services.agreement_make_public(
            by=st_user, agreement=rejected, decided_on=dt.date(2026, 3, 10), reference="Acta"
        )


def test_making_public_needs_st_a_reference_and_is_done_once(st_user, presidency_user):
    agreement = adopted_agreement()
    with pytest.raises(PermissionDenied):
        meeting_services.agreement_make_public(
            by=presidency_user, agreement=agreement, decided_on=dt.date(2026, 3, 10), reference="A"
        )
    with refused("reference_required", field="reference"):
        meeting_services.agreement_make_public(
            by=st_user, agreement=agreement, decided_on=dt.date(2026, 3, 10), reference="  "
        )
    with refused("stale_version"):
        meeting_services.agreement_make_public(
            by=st_user,
            agreement=agreement,
            decided_on=dt.date(2026, 3, 10),
            reference="Acta",
            expected_version=agreement.version + 5,
        )
    meeting_services.agreement_make_public(
        by=st_user, agreement=agreement, decided_on=dt.date(2026, 3, 10), reference="Acta"
    )
    with refused("already_public"):
        meeting_services.agreement_make_public(
            by=st_user, agreement=agreement, decided_on=dt.date(2026, 3, 10), reference="Acta"
        )
    with pytest.raises(PermissionDenied):
        meeting_services.agreement_withdraw_public(by=presidency_user, agreement=agreement)
    fresh = adopted_agreement()
    with refused("not_public"):
        meeting_services.agreement_withdraw_public(by=st_user, agreement=fresh)


def test_the_agreement_page_offers_st_the_button_and_the_form_works(
    client, st_user, presidency_user
):
    agreement = adopted_agreement(text="Acuerdo para publicar")
    client.force_login(presidency_user)
    page = client.get(f"/meetings/agreements/{agreement.pk}/").content.decode()
    assert f"/agreements/public/{agreement.pk}/make-public/" not in page
    assert client.get(f"/agreements/public/{agreement.pk}/make-public/").status_code == 403
    client.force_login(st_user)
    page = client.get(f"/meetings/agreements/{agreement.pk}/").content.decode()
    assert f"/agreements/public/{agreement.pk}/make-public/" in page
    response = client.post(
        f"/agreements/public/{agreement.pk}/make-public/",
        {"decided_on": "2026-03-10", "reference": "Acta", "version": agreement.version},
    )
    assert response.status_code == 302
    page = client.get(f"/meetings/agreements/{agreement.pk}/").content.decode()
    assert f"/agreements/public/{agreement.pk}/make-public/" not in page
    assert f"/agreements/public/{agreement.pk}/withdraw/" in page
    client.logout()
    assert "Acuerdo para publicar" in client.get("/agreements/public/").content.decode()


def test_the_agreement_page_has_no_button_for_a_restricted_agreement(client, st_user):
    agreement = adopted_agreement(restricted=True)
    client.force_login(st_user)
    page = client.get(f"/meetings/agreements/{agreement.pk}/").content.decode()
    assert f"/agreements/public/{agreement.pk}/make-public/" not in page


# --- Home page and navigation -----------------------------------------------------------


def test_the_public_home_page_links_the_public_pages(client):
    text = client.get("/").content.decode()
    for url in ("/news/", "/events/", "/publications/", "/agreements/public/"):
        assert f'href="{url}"' in text, url


# --- Query counts -----------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_news_and_publications_run_the_same_queries_at_1x_and_10x(client, st_user):
    public = Document.objects.create(title="P", kind="publication", access=AccessLevel.PUBLIC)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            post(st_user, title_es=f"Noticia {i}", document=public if i % 2 else None)
            post(st_user, kind="event", title_es=f"Evento {i}", starts_on=dt.date(2030, 1, 1))
            Document.objects.create(title=f"Doc {i}", kind="publication", access=AccessLevel.PUBLIC)
            agreement = adopted_agreement()
            meeting_services.agreement_make_public(
                by=st_user, agreement=agreement, decided_on=dt.date(2026, 3, 1), reference="A"
            )

    urls = ("/news/", "/publications/", "/events/", "/agreements/public/", "/news/feed/")
    add(1, 0)
    small = {url: _queries(client, url) for url in urls}
    add(9, 1)
    large = {url: _queries(client, url) for url in urls}
    assert small == large
