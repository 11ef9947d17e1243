"""Circulating the minutes (003 §VIII ST 11) and what they record: every invitee gets an
e-mail whose absolute link opens the minutes; the text is frozen while circulated (only
comments) until ST withdraws the circulation; the minutes list the member countries absent
and each country's vote on each motion, and end with the signature block of the Presidency
and the Technical Secretariat — on the page and in the PDF."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Meeting, Minutes
from meetings.pdf import minutes_pdf
from meetings.tests.checks import flat, pdf_text, refused
from meetings.tests.factories import AgendaItemFactory, MotionFactory, invitee, observer_invitee
from members.models import Country, ObserverOrganisation, Office
from members.tests.factories import ObserverOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted_meeting(coalition, meeting, full_house, st_user):
    """Six member countries represented (BZ, CR, DO, GT, HN, MX); NI, PA and SV absent. One
    vote: BZ, CR, DO, GT yes; HN no; MX did not vote. Then the meeting closes."""
    full_house(meeting, 6)
    motion = MotionFactory(
        agenda_item=AgendaItemFactory(meeting=meeting), text="Aprobar el POA 2027"
    )
    services.motion_open(user=st_user, motion=motion)
    for iso, choice in {"BZ": "yes", "CR": "yes", "DO": "yes", "GT": "yes", "HN": "no"}.items():
        services.vote_cast(
            user=st_user, motion=motion, country=Country.objects.get(iso_code=iso), choice=choice
        )
    services.motion_close(user=st_user, motion=motion)
    services.motion_publish(user=st_user, motion=motion)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def invited(voted_meeting, coalition):
    """Invitees as the convocation makes them: two delegates (one reads English) and an
    observer organisation's representative, each with an account; one person without
    e-mail."""
    hn, hn_user = invitee(coalition["HN"], email="hn@example.org")
    gt, gt_user = invitee(coalition["GT"], email="gt@example.org", language="en")
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisationFactory(acronym="OIM")
    rep, rep_user = observer_invitee(oim, email="oim@example.org")
    silent, _ = invitee(coalition["SV"], email="", account=False)
    for person in (hn, gt):
        voted_meeting.invitations.create(person=person, email=person.email)
    voted_meeting.invitations.create(person=rep, observer_organisation=oim, email=rep.email)
    voted_meeting.invitations.create(person=silent, email="")
    return {"hn@example.org": hn_user, "gt@example.org": gt_user, "oim@example.org": rep_user}


def circulate(st_user, meeting, capture) -> Minutes:
    minutes = services.minutes_generate(user=st_user, meeting=meeting, narrative="Relato.")
    with capture(execute=True):
        services.minutes_circulate(user=st_user, minutes=minutes)
    return Minutes.objects.get(pk=minutes.pk)


# --- The e-mail -----------------------------------------------------------------------------


def test_circulating_e_mails_every_invitee_a_link_that_opens_the_minutes(
    client, voted_meeting, invited, st_user, django_capture_on_commit_callbacks
):
    circulate(st_user, voted_meeting, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invited)
    for message in mail.outbox:
        (link,) = re.findall(r"https?://\S+", message.body)
        assert link.startswith(settings.SITE_URL.rstrip("/") + "/"), link
        parts = urlsplit(link)
        assert parts.path == reverse("meetings:minutes", args=[voted_meeting.pk])
        assert client.get(parts.path).status_code == 302  # signed out: to the login page
        client.force_login(invited[message.to[0]])
        response = client.get(parts.path)
        assert response.status_code == 200, message.to
        assert voted_meeting.title in response.content.decode()
        client.logout()


def test_the_e_mail_is_in_each_invitees_language(
    voted_meeting, invited, st_user, django_capture_on_commit_callbacks
):
    circulate(st_user, voted_meeting, django_capture_on_commit_callbacks)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "Regional Coalition against Trafficking" in by_to["gt@example.org"].body
    assert "Coalición Regional contra la Trata" in by_to["hn@example.org"].body


def test_nothing_is_sent_if_the_circulation_is_rolled_back(
    voted_meeting, invited, st_user, django_capture_on_commit_callbacks
):
    minutes = services.minutes_generate(user=st_user, meeting=voted_meeting)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.minutes_circulate(user=st_user, minutes=minutes)
    assert len(callbacks) == 1 and mail.outbox == []


# --- Frozen while circulated ------------------------------------------------------------------


def test_circulated_minutes_are_frozen_until_st_withdraws_them(
    voted_meeting, st_user, presidency_user, django_capture_on_commit_callbacks
):
    minutes = circulate(st_user, voted_meeting, django_capture_on_commit_callbacks)
    refused(
        "minutes_circulated",
        services.minutes_update,
        user=st_user,
        minutes=minutes,
        narrative="Cambio",
    )
    refused("minutes_not_draft", services.minutes_generate, user=st_user, meeting=voted_meeting)
    refused("minutes_circulated", services.minutes_circulate, user=st_user, minutes=minutes)
    services.minutes_comment(user=presidency_user, minutes=minutes, text="Falta un país")
    assert Minutes.objects.get(pk=minutes.pk).narrative == "Relato."
    flags = selectors.minutes_flags(user=st_user, minutes=minutes, meeting=voted_meeting)
    assert not flags.can_edit_narrative and not flags.can_circulate and flags.can_withdraw

    services.minutes_withdraw_circulation(user=st_user, minutes=minutes)
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert minutes.state == Minutes.State.DRAFT and minutes.comments.count() == 1
    services.minutes_update(user=st_user, minutes=minutes, narrative="Relato corregido.")
    assert Minutes.objects.get(pk=minutes.pk).narrative == "Relato corregido."


def test_only_st_withdraws_and_only_circulated_minutes(
    voted_meeting, st_user, presidency_user, django_capture_on_commit_callbacks
):
    minutes = services.minutes_generate(user=st_user, meeting=voted_meeting)
    refused(
        "minutes_not_circulated",
        services.minutes_withdraw_circulation,
        user=st_user,
        minutes=minutes,
    )
    minutes = circulate(st_user, voted_meeting, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.minutes_withdraw_circulation(user=presidency_user, minutes=minutes)
    Minutes.objects.filter(pk=minutes.pk).update(state=Minutes.State.APPROVED)
    refused(
        "minutes_locked",
        services.minutes_withdraw_circulation,
        user=st_user,
        minutes=Minutes.objects.get(pk=minutes.pk),
    )


def test_the_page_offers_the_withdrawal_and_no_editing_while_circulated(
    client, voted_meeting, st_user, django_capture_on_commit_callbacks
):
    minutes = circulate(st_user, voted_meeting, django_capture_on_commit_callbacks)
    client.force_login(st_user)
    url = reverse("meetings:minutes", args=[voted_meeting.pk])
    html = client.get(url).content.decode()
    assert 'value="withdraw"' in html and 'value="narrative"' not in html
    client.post(url, {"action": "narrative", "narrative": "Por la puerta de atrás"})
    assert Minutes.objects.get(pk=minutes.pk).narrative == "Relato."
    client.post(url, {"action": "withdraw"})
    assert Minutes.objects.get(pk=minutes.pk).state == Minutes.State.DRAFT
    assert 'value="narrative"' in client.get(url).content.decode()


def test_a_narrative_saved_from_a_stale_form_is_refused(voted_meeting, st_user):
    minutes = services.minutes_generate(user=st_user, meeting=voted_meeting)
    read_at = minutes.version
    services.minutes_update(user=st_user, minutes=minutes, narrative="Uno", version=read_at)
    refused(
        "stale_version",
        services.minutes_update,
        user=st_user,
        minutes=minutes,
        narrative="Dos",
        version=read_at,
    )
    assert Minutes.objects.get(pk=minutes.pk).narrative == "Uno"


# --- What the minutes record --------------------------------------------------------------


@pytest.fixture
def offices(voted_meeting):
    """Honduras holds the Presidency on the meeting's date; nobody holds the Technical
    Secretariat then (the only term ended before)."""
    day = voted_meeting.date
    Office.objects.all().delete()
    Office.objects.create(
        kind=Office.Kind.PRESIDENCY,
        country=Country.objects.get(iso_code="HN"),
        start_date=day - dt.timedelta(days=100),
    )
    Office.objects.create(
        kind=Office.Kind.TECHNICAL_SECRETARIAT,
        country=Country.objects.get(iso_code="CR"),
        start_date=day - dt.timedelta(days=900),
        end_date=day - dt.timedelta(days=170),
    )


def test_the_minutes_record_absent_countries_votes_and_who_signs(voted_meeting, offices, st_user):
    records = services.minutes_generate(user=st_user, meeting=voted_meeting).records
    assert [c["iso"] for c in records["absent"]] == ["SV", "NI", "PA"]  # by Spanish name
    (decision,) = selectors.minutes_decisions(
        records=records, audience=selectors.ResultAudience.PARTICIPANT
    )
    assert {v["iso"]: v["choice"] for v in decision["country_votes"]} == {
        "BZ": "yes",
        "CR": "yes",
        "DO": "yes",
        "GT": "yes",
        "HN": "no",
        "MX": "",
    }
    signatures = selectors.minutes_signatures(records)
    assert [(s["office"], s["country"] and s["country"]["iso"]) for s in signatures] == [
        ("presidency", "HN"),
        ("technical_secretariat", None),
    ]


def test_the_minutes_page_and_pdf_show_them(client, voted_meeting, offices, st_user, delegate):
    minutes = services.minutes_generate(user=st_user, meeting=voted_meeting)
    client.force_login(st_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("meetings:minutes", args=[voted_meeting.pk])).content.decode()
    text = pdf_text(minutes_pdf(minutes, user=delegate, language="en"))
    for page in (flat(html), text):
        assert flat("Member countries absent (not represented)") in page
        assert flat("El Salvador, Nicaragua, Panama") in page
        assert flat("Each country's vote") in page and flat("did not vote") in page
        assert flat("Signatures") in page
        assert flat("Presidency") in page and "Honduras" in page
        assert flat("Technical Secretariat") in page and flat("Name: ____") in page


def test_minutes_drafted_before_the_block_existed_still_end_with_blank_lines(voted_meeting):
    signatures = selectors.minutes_signatures({"motions": []})
    assert [(s["office"], s["country"]) for s in signatures] == [
        ("presidency", None),
        ("technical_secretariat", None),
    ]
