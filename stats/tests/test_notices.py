"""Notices of the statistics returns (issue 20): a country's submission tells the Technical
Secretariat, ST sending a return back tells that country's focal points (with the note);
each e-mail is read as its recipient reads it — parsed from the outbox, its link followed,
signed in as the recipient — and logged as a Delivery; nobody else is told."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from common.testing import refused
from communications.models import Delivery
from members.models import Country, User
from members.tests.factories import UserFactory
from stats import services
from stats.loaders import load_cube
from stats.models import StatisticsReturn
from stats.selectors.returns import cube_layout
from stats.tests.factories import complete_figures

pytestmark = pytest.mark.django_db

SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")
NOTE = "Las víctimas por sexo no suman el total del cuadro 2: revise la fila de mujeres."


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def cube(db):
    load_cube()


@pytest.fixture
def second_st(db) -> User:
    return UserFactory(username="st-2", role=User.Role.SECRETARIAT, language="en")


@pytest.fixture
def second_fp_hn(focal_point_hn) -> User:
    return UserFactory(
        username="fp-hn-2", role=User.Role.FOCAL_POINT, national_body=focal_point_hn.national_body
    )


@pytest.fixture
def bystanders(coalition, focal_point_gt, presidency_user, delegate, observer, partner):
    """Accounts told of neither notice of a Honduran return: another country's focal point,
    a Honduran delegate (of the focal point's own body, not a focal point), accounts of
    other roles, and former (inactive) ST and Honduran focal point accounts."""
    former_st = UserFactory(username="st-old", role=User.Role.SECRETARIAT, is_active=False)
    former_fp_hn = UserFactory(
        username="fp-hn-old",
        role=User.Role.FOCAL_POINT,
        national_body=coalition["HN"],
        is_active=False,
    )
    return [
        focal_point_gt,
        presidency_user,
        delegate,
        observer,
        partner,
        former_st,
        former_fp_hn,
    ]


def open_return(user, iso="HN", **period) -> StatisticsReturn:
    statistics_return = services.return_create(
        user=user, country=Country.objects.get(iso_code=iso), year=2024, **period
    )
    return services.figures_save(
        user=user,
        statistics_return=statistics_return,
        figures=complete_figures(cube_layout()),
        expected_version=statistics_return.version,
    )


def submit(user, statistics_return, capture, execute=True) -> StatisticsReturn:
    statistics_return.refresh_from_db()
    with capture(execute=execute):
        return services.return_submit(
            user=user,
            statistics_return=statistics_return,
            expected_version=statistics_return.version,
        )


def send_back(user, statistics_return, capture, note=NOTE, execute=True) -> StatisticsReturn:
    statistics_return.refresh_from_db()
    with capture(execute=execute):
        return services.return_send_back(
            user=user,
            statistics_return=statistics_return,
            note=note,
            expected_version=statistics_return.version,
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


# --- A submission tells the Technical Secretariat ----------------------------------------


def test_a_submission_tells_every_active_st_account_with_a_link_to_the_return(
    focal_point_hn, st_user, second_st, bystanders, django_capture_on_commit_callbacks
):
    statistics_return = open_return(focal_point_hn)
    mail.outbox.clear()
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    told = {m.to[0] for m in mail.outbox}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([st_user.email, second_st.email])
    assert not told & {u.email for u in [focal_point_hn, *bystanders]}
    detail = reverse("stats:return-detail", args=[statistics_return.pk])
    for user in (st_user, second_st):
        (message,) = sent_to(user)
        assert follow(message, user) == detail
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.STATS_SUBMITTED)
    assert sorted(deliveries.values_list("user_id", flat=True)) == sorted(
        [st_user.pk, second_st.pk]
    )
    assert {d.about_id for d in deliveries} == {statistics_return.pk}
    assert {d.about_type.model for d in deliveries} == {"statisticsreturn"}
    assert {d.state for d in deliveries} == {Delivery.State.SENT}
    assert {d.link for d in deliveries} == {SITE + detail}
    assert not Delivery.objects.filter(kind=Delivery.Kind.STATS_RETURNED).exists()


def test_each_st_account_reads_the_submission_in_its_own_language(
    coalition, st_user, second_st, django_capture_on_commit_callbacks
):
    """Mexico's name differs between the languages: the Spanish-speaking ST reads "México",
    the English-speaking one "Mexico"; each subject and greeting is the recipient's."""
    focal_point_mx = UserFactory(
        username="fp-mx", role=User.Role.FOCAL_POINT, national_body=coalition["MX"]
    )
    statistics_return = open_return(focal_point_mx, iso="MX", semester=1)
    mail.outbox.clear()
    submit(focal_point_mx, statistics_return, django_capture_on_commit_callbacks)
    for user, language, country in ((st_user, "es", "México"), (second_st, "en", "Mexico")):
        (message,) = sent_to(user)
        with translation.override(language):
            subject = gettext("Statistics return to validate: %(country)s") % {"country": country}
            semester = gettext("Semester I")
            greeting = gettext("Dear %(name)s,") % {"name": user.get_full_name() or user.username}
        assert message.subject == f"{subject} · 2024 · {semester}"
        assert message.body.startswith(greeting)
        (delivery,) = Delivery.objects.filter(kind=Delivery.Kind.STATS_SUBMITTED, user=user)
        assert delivery.subject == message.subject
    assert sent_to(st_user)[0].subject != sent_to(second_st)[0].subject


def test_nothing_is_sent_before_the_commit(focal_point_hn, st_user):
    statistics_return = open_return(focal_point_hn)
    mail.outbox.clear()
    services.return_submit(
        user=focal_point_hn,
        statistics_return=statistics_return,
        expected_version=statistics_return.version,
    )
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.STATS_SUBMITTED).exists()


def test_a_refused_submission_tells_nobody(
    focal_point_hn, focal_point_gt, st_user, django_capture_on_commit_callbacks
):
    statistics_return = open_return(focal_point_hn)
    mail.outbox.clear()
    with refused("not_your_country"):
        submit(focal_point_gt, statistics_return, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_a_validation_tells_nobody(focal_point_hn, st_user, django_capture_on_commit_callbacks):
    statistics_return = open_return(focal_point_hn)
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    before = Delivery.objects.count()
    statistics_return.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        statistics_return = services.return_validate(
            user=st_user,
            statistics_return=statistics_return,
            expected_version=statistics_return.version,
        )
    assert mail.outbox == []
    assert Delivery.objects.count() == before


# --- A return sent back tells the country's focal points ---------------------------------


def test_a_return_sent_back_tells_the_countrys_focal_points_the_note_and_links_to_the_form(
    focal_point_hn,
    second_fp_hn,
    st_user,
    bystanders,
    django_capture_on_commit_callbacks,
):
    statistics_return = open_return(focal_point_hn)
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_back(st_user, statistics_return, django_capture_on_commit_callbacks)
    told = {m.to[0] for m in mail.outbox}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [focal_point_hn.email, second_fp_hn.email]
    )
    assert not told & {u.email for u in [st_user, *bystanders]}
    edit = reverse("stats:return-edit", args=[statistics_return.pk])
    for user in (focal_point_hn, second_fp_hn):
        (message,) = sent_to(user)
        assert NOTE in message.body
        assert follow(message, user) == edit
        assert message.body.startswith("Estimado/a")  # Spanish, the accounts' language
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.STATS_RETURNED)
    assert sorted(deliveries.values_list("user_id", flat=True)) == sorted(
        [focal_point_hn.pk, second_fp_hn.pk]
    )
    assert {(d.about_id, d.state, d.link) for d in deliveries} == {
        (statistics_return.pk, Delivery.State.SENT, SITE + edit)
    }


def test_an_english_speaking_focal_point_reads_the_return_in_english(
    focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    focal_point_hn.language = "en"
    focal_point_hn.save(update_fields=["language"])
    statistics_return = open_return(focal_point_hn)
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_back(st_user, statistics_return, django_capture_on_commit_callbacks)
    (message,) = sent_to(focal_point_hn)
    with translation.override("en"):
        subject = gettext("Statistics return sent back with a note: %(country)s") % {
            "country": "Honduras"
        }
        note_heading = gettext("Note of the Technical Secretariat:")
    assert message.subject == f"{subject} · 2024"
    assert f"{note_heading}\n{NOTE}" in message.body


def test_the_notice_says_what_happened_even_if_the_return_moved_on_before_it_left(
    focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    """The notice reads the history record of the sending back, not the return as it is
    when the task runs: corrected, submitted again and validated meanwhile (its note
    cleared), the note still goes out, with the form's link."""
    statistics_return = open_return(focal_point_hn)
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    statistics_return.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.return_send_back(
            user=st_user,
            statistics_return=statistics_return,
            note=NOTE,
            expected_version=statistics_return.version,
        )
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    statistics_return.refresh_from_db()
    services.return_validate(
        user=st_user,
        statistics_return=statistics_return,
        expected_version=statistics_return.version,
    )
    assert StatisticsReturn.objects.get(pk=statistics_return.pk).return_note == ""
    mail.outbox.clear()
    for callback in queued:
        callback()
    (message,) = mail.outbox
    assert message.to == [focal_point_hn.email]
    assert NOTE in message.body
    assert SITE + reverse("stats:return-edit", args=[statistics_return.pk]) in message.body


def test_a_refused_sending_back_tells_nobody(
    focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    statistics_return = open_return(focal_point_hn)
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with refused("note_required", field="note"):
        send_back(st_user, statistics_return, django_capture_on_commit_callbacks, note="  ")
    with refused("secretariat_only"):
        send_back(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.STATS_RETURNED).exists()


def test_a_country_without_active_focal_points_is_told_nothing(
    focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    statistics_return = open_return(focal_point_hn)
    submit(focal_point_hn, statistics_return, django_capture_on_commit_callbacks)
    focal_point_hn.is_active = False
    focal_point_hn.save(update_fields=["is_active"])
    mail.outbox.clear()
    send_back(st_user, statistics_return, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.STATS_RETURNED).exists()
