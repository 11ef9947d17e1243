"""Notices of the comparative legislation (issue 19): a focal point's proposal tells the
Technical Secretariat, ST's validation or return tells the account that proposed the cell
(with the note); each e-mail is read as its recipient reads it — parsed from the outbox, its
link followed, signed in as the recipient — and logged as a Delivery; nobody else is told."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from common.testing import refused
from communications.models import Delivery
from directories.models import LegislationCell
from directories.services import legislation as services
from directories.tests.factories import LegislationDimensionFactory
from members.models import Country, User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")
NOTE = "Cite el artículo 6 reformado por el Decreto 35-2023, no el texto original."


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def dimension():
    return LegislationDimensionFactory(
        code="crime-definition", name_es="Tipificación del delito", name_en="Crime definition"
    )


@pytest.fixture
def second_st(db) -> User:
    return UserFactory(username="st-2", role=User.Role.SECRETARIAT, language="en")


@pytest.fixture
def bystanders(coalition, focal_point_gt, presidency_user, delegate, observer, partner):
    """Accounts that have nothing to do with a Honduran cell's review."""
    former_st = UserFactory(username="st-old", role=User.Role.SECRETARIAT, is_active=False)
    return [focal_point_gt, presidency_user, delegate, observer, partner, former_st]


def propose(user, dimension, capture, **values):
    fields = {
        "article": "Art. 6, Decreto 59-2012",
        "excerpt": "Comete el delito de trata de personas quien...",
        "source": "Decreto 59-2012",
    }
    fields.update(values)
    with capture(execute=True):
        return services.cell_propose(
            user=user, country=Country.objects.get(iso_code="HN"), dimension=dimension, **fields
        )


def sent_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def follow(message, user) -> str:
    """The e-mail's one link is on the site and opens, signed in as the recipient; it
    returns the page's path."""
    urls = URL.findall(message.body)
    assert len(urls) == 1, urls
    assert urls[0].startswith(SITE + "/"), urls[0]
    path = urlsplit(urls[0]).path
    client = Client()
    client.force_login(user)
    assert client.get(path).status_code == 200, path
    return path


def test_a_proposal_tells_every_st_account_with_a_link_to_its_review(
    focal_point_hn, st_user, second_st, dimension, bystanders, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([st_user.email, second_st.email])
    for user in (st_user, second_st):
        (message,) = sent_to(user)
        assert follow(message, user) == f"/legislation/cells/{cell.pk}/review/"
        assert "Art. 6, Decreto 59-2012" in message.body
    # In each recipient's language: ST (Spanish, the default) and an English-speaking ST.
    assert "Tipificación del delito" in sent_to(st_user)[0].subject
    assert "Crime definition" in sent_to(second_st)[0].subject
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.LEGISLATION_PROPOSED)
    assert sorted(deliveries.values_list("user_id", flat=True)) == sorted(
        [st_user.pk, second_st.pk]
    )
    assert {d.about_id for d in deliveries} == {cell.pk}
    assert {d.state for d in deliveries} == {Delivery.State.SENT}
    assert {d.link for d in deliveries} == {f"{SITE}/legislation/cells/{cell.pk}/review/"}


def test_a_proposal_tells_neither_the_proposer_nor_anyone_outside_st(
    focal_point_hn, st_user, dimension, bystanders, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    told = {m.to[0] for m in mail.outbox}
    assert told == {st_user.email}
    assert not told & {u.email for u in [focal_point_hn, *bystanders]}


def test_nothing_is_sent_before_the_commit(focal_point_hn, st_user, dimension):
    mail.outbox.clear()
    services.cell_propose(
        user=focal_point_hn,
        country=Country.objects.get(iso_code="HN"),
        dimension=dimension,
        article="Art. 6",
        excerpt="...",
        source="Decreto 59-2012",
    )
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.LEGISLATION_PROPOSED).exists()


def test_a_validation_tells_the_proposer_with_a_link_to_the_matrix(
    focal_point_hn, st_user, dimension, bystanders, django_capture_on_commit_callbacks
):
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cell_validate(user=st_user, cell=cell, expected_version=cell.version)
    assert [m.to for m in mail.outbox] == [[focal_point_hn.email]]
    message = mail.outbox[0]
    assert follow(message, focal_point_hn) == "/legislation/"
    assert message.body.startswith("Estimado/a")  # Spanish, the proposer's language
    with translation.override("es"):
        validated = gettext("Legislation validated: %(country)s · %(dimension)s")
    assert message.subject == validated % {
        "country": "Honduras",
        "dimension": "Tipificación del delito",
    }
    (delivery,) = Delivery.objects.filter(kind=Delivery.Kind.LEGISLATION_REVIEWED)
    assert (delivery.user_id, delivery.about_id, delivery.state) == (
        focal_point_hn.pk,
        cell.pk,
        Delivery.State.SENT,
    )
    assert delivery.link == f"{SITE}/legislation/"


def test_a_return_tells_the_proposer_the_note_and_links_to_the_cells_form(
    focal_point_hn, st_user, dimension, bystanders, django_capture_on_commit_callbacks
):
    focal_point_hn.language = "en"
    focal_point_hn.save(update_fields=["language"])
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cell_return(user=st_user, cell=cell, note=NOTE, expected_version=cell.version)
    assert [m.to for m in mail.outbox] == [[focal_point_hn.email]]
    message = mail.outbox[0]
    assert NOTE in message.body
    assert message.subject == "Legislation returned with a note: Honduras · Crime definition"
    assert follow(message, focal_point_hn) == "/legislation/cells/HN/crime-definition/"
    (delivery,) = Delivery.objects.filter(kind=Delivery.Kind.LEGISLATION_REVIEWED)
    assert (delivery.user_id, delivery.about_id) == (focal_point_hn.pk, cell.pk)


def test_the_review_notice_goes_to_the_cells_proposer_only(
    focal_point_hn, st_user, dimension, bystanders, django_capture_on_commit_callbacks
):
    """Another focal point of Honduras is not the proposer: not told."""
    other_hn = UserFactory(
        username="fp-hn-2", role=User.Role.FOCAL_POINT, national_body=focal_point_hn.national_body
    )
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cell_return(user=st_user, cell=cell, note=NOTE, expected_version=cell.version)
    told = {m.to[0] for m in mail.outbox}
    assert told == {focal_point_hn.email}
    assert not told & {u.email for u in [other_hn, st_user, *bystanders]}


def test_the_notice_says_what_happened_even_if_the_cell_moved_on_before_it_left(
    focal_point_hn, st_user, dimension, django_capture_on_commit_callbacks
):
    """The notice reads the history record of the return, not the cell as it is when the
    task runs: a correction proposed meanwhile does not turn it into another message."""
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.cell_return(user=st_user, cell=cell, note=NOTE, expected_version=cell.version)
    cell.refresh_from_db()
    propose(
        focal_point_hn,
        dimension,
        django_capture_on_commit_callbacks,
        expected_version=cell.version,
        article="Art. 6 reformado",
    )
    mail.outbox.clear()
    for callback in queued:
        callback()
    (message,) = mail.outbox
    assert NOTE in message.body and "Art. 6, Decreto 59-2012" in message.body
    assert LegislationCell.objects.get(pk=cell.pk).state == LegislationCell.State.PROPOSED


def test_a_refused_review_tells_nobody(
    focal_point_hn, st_user, dimension, django_capture_on_commit_callbacks
):
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), refused("note_required", field="note"):
        services.cell_return(user=st_user, cell=cell, note="  ", expected_version=cell.version)
    with django_capture_on_commit_callbacks(execute=True), refused("secretariat_only"):
        services.cell_validate(user=focal_point_hn, cell=cell, expected_version=cell.version)
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.LEGISLATION_REVIEWED).exists()


def test_an_inactive_proposer_is_not_told(
    focal_point_hn, st_user, dimension, django_capture_on_commit_callbacks
):
    cell = propose(focal_point_hn, dimension, django_capture_on_commit_callbacks)
    focal_point_hn.is_active = False
    focal_point_hn.save(update_fields=["is_active"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cell_validate(user=st_user, cell=cell, expected_version=cell.version)
    assert mail.outbox == []
