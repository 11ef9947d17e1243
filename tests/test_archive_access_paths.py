"""Every access level of the archive tried through every channel (issue 18): a RESTRICTED
and a MEMBERS document, as an anonymous visitor, an observer, a partner token, a delegate
and ST, through the list page, the search results, the document page, each version's
download (web and API), the API list, the API document and the API search. Anonymous
visitors, observers and partners never get the restricted one; anonymous visitors and
partners never get the members' one; the public one reaches everybody (the API needs an account)."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from communications.models import AccessLevel, DocumentVersion
from communications.tests.factories import DocumentFactory
from tests.conftest import issue, token_client

pytestmark = pytest.mark.django_db

WORD = "zafiro"  # in every title: the search finds the three


@pytest.fixture
def documents():
    docs = {
        level: DocumentFactory(title=f"Víctimas {WORD} {level}", access=level)
        for level in (AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED)
    }
    for document in docs.values():  # a second version each: every version is tried
        DocumentVersion.objects.create(
            document=document, number=2, file=document.versions.get().file.name,
            original_name="v2.pdf", mime_type="application/pdf", size=1, sha256="0",
        )  # fmt: skip
    return docs


@pytest.fixture
def readers(st_user, observer, delegate):
    def web(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def api(user):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    partner = token_client(issue(st_user, label="Portal OIM", scope="partner", agency="OIM"))
    return {
        # name: (web client or None, API client, levels expected)
        "anonymous": (web(None), APIClient(), {AccessLevel.PUBLIC}),
        "observer": (web(observer), api(observer), {AccessLevel.PUBLIC, AccessLevel.MEMBERS}),
        "partner": (None, partner, {AccessLevel.PUBLIC}),  # partners read public material
        "delegate": (web(delegate), api(delegate), set(AccessLevel.values)),
        "st": (web(st_user), api(st_user), set(AccessLevel.values)),
    }


@pytest.mark.parametrize("who", ["anonymous", "observer", "partner", "delegate", "st"])
def test_every_channel(documents, readers, who):
    web, api, expected = readers[who]
    for level, document in documents.items():
        allowed = level in expected
        title = document.title
        if web is not None:
            assert (title in web.get("/archive/").content.decode()) is allowed, (who, level)
            body = web.get("/archive/", {"q": WORD}).content.decode()
            assert (title in body) is allowed, (who, level, "search")
            body = web.get("/archive/", {"q": WORD, "access": level}).content.decode()
            assert (title in body) is allowed, (who, level, "filtered")
            status = web.get(f"/archive/{document.pk}/").status_code
            assert status == (200 if allowed else 404), (who, level, "detail")
            for version in document.versions.all():
                response = web.get(f"/archive/versions/{version.pk}/download/")
                assert response.status_code == (200 if allowed else 404), (who, level)
                if allowed:
                    assert b"".join(response.streaming_content) == version.file.open().read()
        # the API: anonymous calls are refused outright (401)
        listed = api.get("/api/v1/archive-documents/", {"page_size": 200})
        searched = api.get("/api/v1/archive-documents/", {"q": WORD})
        detail = api.get(f"/api/v1/archive-documents/{document.pk}/")
        downloads = [
            api.get(f"/api/v1/archive-documents/{document.pk}/versions/{n}/download/")
            for n in (1, 2)
        ]
        if who == "anonymous":
            assert {listed.status_code, searched.status_code, detail.status_code} == {401}
            assert {d.status_code for d in downloads} == {401}
            continue
        ids = {d["id"] for d in listed.json()["results"]}
        assert (document.pk in ids) is allowed, (who, level, "api list")
        ids = {d["id"] for d in searched.json()["results"]}
        assert (document.pk in ids) is allowed, (who, level, "api search")
        assert detail.status_code == (200 if allowed else 404), (who, level, "api detail")
        for response in downloads:
            assert response.status_code == (200 if allowed else 404), (who, level, "api file")
        if allowed:
            links = [v["download"] for v in detail.json()["versions"]]
            assert len(links) == 2
            assert api.get(links[0]).status_code == 200


def test_partner_token_is_never_member_side(st_user, documents):
    """A partner token's account has the role `partner`: even tied to nothing else, the
    rule never counts it on the members' side."""
    from communications.selectors.access import can_read, is_member_side
    from members.models import User

    token = issue(st_user, label="Donante", scope="partner", agency="Donante")
    client = token_client(token)
    response = client.get("/api/v1/archive-documents/", {"access": AccessLevel.RESTRICTED})
    assert response.json()["results"] == []
    account = User.objects.filter(role=User.Role.PARTNER).latest("pk")
    assert not is_member_side(account) and not can_read(account, AccessLevel.RESTRICTED)
