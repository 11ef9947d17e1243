"""Restricted items (SPEC §1 "observer: see what delegates see except restricted items",
§9): an agenda item or a document marked restricted, and what was decided on a restricted
item, never reach an observer or a partner — on the meeting page, a download, the voting
screen, the API, the agreements register, the minutes page, the minutes PDF or an e-mail —
while members see them. Read as each recipient reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meetings import selectors, services
from meetings.models import Agreement, Meeting, Motion
from meetings.pdf import minutes_pdf
from meetings.tests.checks import flat, pdf_text
from meetings.tests.factories import AgendaItemFactory, MotionFactory
from members.models import User
from members.services import api_token_create
from members.tests.factories import ObserverOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_ITEM = "Operativo conjunto confidencial"
SECRET_DOC = "Informe de inteligencia"
SECRET_ITEM_DOC = "Anexo del operativo"
SECRET_MOTION = "Aprobar el protocolo de intercambio reservado"
OPEN_ITEM = "Plan de trabajo regional"
OPEN_MOTION = "Aprobar el plan de trabajo regional"
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def restricted_meeting(coalition, meeting, full_house, presidency_user, st_user):
    """An in-session meeting with quorum, a restricted item (with a document and a decision
    published, which became an agreement), a restricted general document, and an open item
    with its own published decision."""
    full_house(meeting, 5)
    secret = AgendaItemFactory(meeting=meeting, title=SECRET_ITEM, restricted=True)
    public = AgendaItemFactory(meeting=meeting, title=OPEN_ITEM)
    for item, title in ((secret, SECRET_ITEM_DOC), (None, SECRET_DOC)):
        services.document_upload(
            user=presidency_user,
            meeting=meeting,
            title=title,
            file=SimpleUploadedFile("d.pdf", PDF, "application/pdf"),
            agenda_item=item,
            restricted=item is None,
        )
    for item, text in ((secret, SECRET_MOTION), (public, OPEN_MOTION)):
        motion = MotionFactory(agenda_item=item, text=text, decision_method=Motion.Method.CONSENSUS)
        services.motion_record_consensus(user=presidency_user, motion=motion)
        services.motion_publish(user=presidency_user, motion=motion)
    return meeting


@pytest.fixture
def observer_of_org(coalition):
    """An account tied to an observer organisation, even with a member's role: an observer."""
    org = ObserverOrganisationFactory(acronym="RROCM")
    return UserFactory(
        username="rrocm",
        role=User.Role.DELEGATE,
        national_body=coalition["HN"],
        observer_organisation=org,
    )


def test_the_one_rule_for_who_is_a_member(
    st_user, presidency_user, focal_point_hn, delegate, observer, partner, observer_of_org
):
    members = [st_user, presidency_user, focal_point_hn, delegate]
    others = [observer, partner, observer_of_org, None]
    assert all(selectors.can_see_restricted(u) for u in members)
    assert not any(selectors.can_see_restricted(u) for u in others)


def test_observers_see_no_restricted_item_on_the_meeting_page(
    client, restricted_meeting, observer, delegate
):
    url = reverse("meetings:detail", args=[restricted_meeting.pk])
    client.force_login(delegate)
    html = client.get(url).content.decode()
    for text in (SECRET_ITEM, SECRET_DOC, SECRET_ITEM_DOC, SECRET_MOTION, OPEN_MOTION):
        assert text in html, text
    client.force_login(observer)
    html = client.get(url).content.decode()
    assert OPEN_ITEM in html and OPEN_MOTION in html
    for text in (SECRET_ITEM, SECRET_DOC, SECRET_ITEM_DOC, SECRET_MOTION):
        assert text not in html, text


def test_an_account_tied_to_an_observer_organisation_sees_no_restricted_item(
    client, restricted_meeting, observer_of_org
):
    client.force_login(observer_of_org)
    html = client.get(reverse("meetings:detail", args=[restricted_meeting.pk])).content.decode()
    assert OPEN_ITEM in html and SECRET_ITEM not in html and SECRET_DOC not in html


def test_observers_cannot_download_restricted_documents(
    client, restricted_meeting, observer, delegate
):
    documents = list(restricted_meeting.documents.order_by("title"))
    assert [d.title for d in documents] == [SECRET_ITEM_DOC, SECRET_DOC]
    client.force_login(observer)
    for document in documents:
        url = reverse("meetings:document-download", args=[document.pk])
        assert client.get(url).status_code == 404
    client.force_login(delegate)
    for document in documents:
        url = reverse("meetings:document-download", args=[document.pk])
        assert client.get(url).status_code == 200


def test_observers_cannot_open_a_restricted_motion_nor_its_agreement(
    client, restricted_meeting, observer, delegate
):
    motion = Motion.objects.get(text=SECRET_MOTION)
    agreement = Agreement.objects.get(motion=motion)
    client.force_login(observer)
    assert client.get(reverse("meetings:vote", args=[motion.pk])).status_code == 404
    assert client.get(reverse("meetings:agreement-detail", args=[agreement.pk])).status_code == 404
    register = client.get(reverse("meetings:agreements")).content.decode()
    assert OPEN_MOTION in register and SECRET_MOTION not in register
    client.force_login(delegate)
    assert client.get(reverse("meetings:agreement-detail", args=[agreement.pk])).status_code == 200
    assert SECRET_MOTION in client.get(reverse("meetings:agreements")).content.decode()


def test_partners_read_no_restricted_decision_through_the_api(
    restricted_meeting, st_user, coalition
):
    token = api_token_create(
        user=st_user,
        label="Portal de datos",
        scope=User.Role.PARTNER,
        agency="OIM",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    ).token
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = api.get(f"/api/v1/meetings/{restricted_meeting.pk}/").json()
    assert [d["text"] for d in body["decisions"]] == [OPEN_MOTION]
    agreements = api.get("/api/v1/agreements/").json()["results"]
    assert [a["text"] for a in agreements] == [OPEN_MOTION]
    anonymous = APIClient().get(f"/api/v1/meetings/{restricted_meeting.pk}/").json()
    assert SECRET_MOTION not in str(anonymous)


def test_a_member_reads_restricted_decisions_through_the_api(
    restricted_meeting, st_user, coalition
):
    api = APIClient()
    api.force_authenticate(st_user)
    body = api.get(f"/api/v1/meetings/{restricted_meeting.pk}/").json()
    assert sorted(d["text"] for d in body["decisions"]) == sorted([OPEN_MOTION, SECRET_MOTION])


def test_observers_read_minutes_without_restricted_items_page_and_pdf(
    client, restricted_meeting, st_user, observer, delegate, presidency_user
):
    Meeting.objects.filter(pk=restricted_meeting.pk).update(status=Meeting.Status.CLOSED)
    minutes = services.minutes_generate(user=st_user, meeting=restricted_meeting)
    services.minutes_circulate(user=st_user, minutes=minutes)
    url = reverse("meetings:minutes", args=[restricted_meeting.pk])
    pdf_url = reverse("meetings:minutes-pdf", args=[restricted_meeting.pk])
    client.force_login(observer)
    html = client.get(url).content.decode()
    assert OPEN_ITEM in html and OPEN_MOTION in html
    assert SECRET_ITEM not in html and SECRET_MOTION not in html
    text = pdf_text(client.get(pdf_url).content)
    assert flat(OPEN_MOTION) in text
    assert flat(SECRET_ITEM) not in text and flat(SECRET_MOTION) not in text
    client.force_login(delegate)
    assert SECRET_ITEM in client.get(url).content.decode()
    text = pdf_text(client.get(pdf_url).content)
    assert flat(SECRET_ITEM) in text and flat(SECRET_MOTION) in text
    # A copy made without a reader (the report jobs' archive) is written for non-members.
    assert flat(SECRET_MOTION) not in pdf_text(minutes_pdf(minutes))


def test_the_circulation_e_mail_carries_no_restricted_text(
    restricted_meeting, st_user, django_capture_on_commit_callbacks
):
    from members.tests.factories import PersonFactory

    org = ObserverOrganisationFactory(acronym="ECPAT")
    person = PersonFactory(country=None, observer_organisation=org, email="ecpat@example.org")
    restricted_meeting.invitations.create(
        person=person, observer_organisation=org, email=person.email
    )
    Meeting.objects.filter(pk=restricted_meeting.pk).update(status=Meeting.Status.CLOSED)
    minutes = services.minutes_generate(user=st_user, meeting=restricted_meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(user=st_user, minutes=minutes)
    (message,) = mail.outbox
    assert message.to == ["ecpat@example.org"]
    for text in (SECRET_ITEM, SECRET_MOTION, SECRET_DOC):
        assert text not in message.subject + message.body
