"""Who was told what (issue 18): every automatic notice — convocation, update, cancellation,
reminder, minutes circulated, period opened, due reminder, report reviewed — leaves through
communications and is logged as a Delivery (kind, recipient, country, about, link, state);
a recipient without an address is logged, an SMTP failure is logged as failed; ST and the
Presidency read the log, filter it, export it and see per member country who was told."""

from __future__ import annotations

import csv
import datetime as dt
import io
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from common.links import absolute_reverse
from communications.models import Delivery
from communications.selectors.deliveries import (
    about_of,
    delivery_log,
    not_told,
    told_by_country,
)
from meetings import services as meetings
from meetings.models import Invitation, Meeting, Minutes
from meetings.tests.factories import invitee, observer_invitee, panama_meeting
from members.models import Country, ObserverOrganisation, User
from members.tests.factories import ObserverOrganisationFactory, UserFactory
from monitoring import services as monitoring
from monitoring.tests.factories import fill, open_period, report_of, small_poa, submit

pytestmark = pytest.mark.django_db

Kind, State = Delivery.Kind, Delivery.State


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message (settings.EMAIL_BACKEND in the tests that
    need a failure)."""

    def send_messages(self, email_messages):
        raise SMTPException("451 try again later")


FAILING_BACKEND = f"{__name__}.RefusingBackend"


@pytest.fixture
def convened(coalition, presidency_user, django_capture_on_commit_callbacks):
    """A plenary convened with a Honduran and a Guatemalan delegate with e-mail, Belize's
    delegate without any, and the OIM's representative."""
    hn, _ = invitee(coalition["HN"], email="hn@example.org")
    gt, _ = invitee(coalition["GT"], email="gt@example.org", language="en")
    bz, _ = invitee(coalition["BZ"], email="", account=False)
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisationFactory(acronym="OIM")
    observer_invitee(oim, email="oim@example.org")
    meeting = panama_meeting()
    meeting.invited_observers.set([oim])
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_convene(user=presidency_user, meeting=meeting)
    return Meeting.objects.get(pk=meeting.pk)


def logged(about, kind) -> dict[str, Delivery]:
    """The deliveries of one notice by the recipient's address ("" without one)."""
    return {d.email: d for d in delivery_log(about=about_of(about), kind=kind)}


# --- Each automatic notice is logged -------------------------------------------------------


def test_the_convocation_is_logged_per_invitee_with_country_about_link_and_state(convened):
    rows = logged(convened, Kind.CONVOCATION)
    assert set(rows) == {"hn@example.org", "gt@example.org", "oim@example.org", ""}
    assert len(mail.outbox) == 3  # the same e-mails as before
    hn = rows["hn@example.org"]
    assert (hn.state, hn.country.iso_code, hn.about) == (State.SENT, "HN", convened)
    assert hn.link == absolute_reverse("meetings:detail", convened.pk)
    assert hn.sent_at is not None and hn.person.email == "hn@example.org"
    assert hn.subject == next(m.subject for m in mail.outbox if m.to == ["hn@example.org"])
    assert rows["oim@example.org"].country is None
    assert rows["oim@example.org"].organisation == "OIM"
    assert rows["gt@example.org"].language == "en"
    belize = rows[""]
    assert (belize.state, belize.country.iso_code) == (State.NO_ADDRESS, "BZ")
    assert belize.sent_at is None
    # Belize's invitation is not marked as notified: nothing reached it.
    assert Invitation.objects.get(meeting=convened, email="").notified_at is None


def test_was_belize_told_of_the_convocation(convened):
    rows = told_by_country(delivery_log(about=about_of(convened), kind=Kind.CONVOCATION))
    by_iso = {r.country.iso_code: r for r in rows if r.country}
    assert by_iso["HN"].told and by_iso["GT"].told
    assert not by_iso["BZ"].told and by_iso["BZ"].no_address == 1
    # Member countries with no invitee at all are not told either.
    assert not by_iso["CR"].told and by_iso["CR"].total == 0
    assert "BZ" in {c.iso_code for c in not_told(rows)}
    assert {"HN", "GT"}.isdisjoint({c.iso_code for c in not_told(rows)})
    assert rows[-1].country is None and rows[-1].sent == 1  # the OIM's representative


def test_the_update_the_reminder_and_the_cancellation_are_logged(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_update(
            user=presidency_user,
            meeting=convened,
            starts_at=convened.starts_at + dt.timedelta(hours=1),
        )
    updates = logged(convened, Kind.MEETING_UPDATE)
    assert set(updates) == {"hn@example.org", "gt@example.org", "oim@example.org"}
    assert {d.state for d in updates.values()} == {State.SENT}
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_remind(user=presidency_user, meeting=convened)
    reminders = logged(convened, Kind.MEETING_REMINDER)
    assert set(reminders) == {"hn@example.org", "gt@example.org", "oim@example.org"}
    assert reminders["hn@example.org"].link == absolute_reverse("meetings:detail", convened.pk)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(
            user=presidency_user, meeting=Meeting.objects.get(pk=convened.pk), reason="Huracán"
        )
    cancellations = logged(convened, Kind.MEETING_CANCELLATION)
    assert set(cancellations) == {"hn@example.org", "gt@example.org", "oim@example.org"}
    assert all(d.about == convened for d in cancellations.values())


def test_the_minutes_circulation_is_logged_about_the_meeting(
    convened, st_user, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=convened.pk).update(status=Meeting.Status.CLOSED)
    meeting = Meeting.objects.get(pk=convened.pk)
    minutes = meetings.minutes_generate(user=st_user, meeting=meeting, narrative="Relato.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.minutes_circulate(user=st_user, minutes=minutes)
    assert Minutes.objects.get(pk=minutes.pk).state == Minutes.State.CIRCULATED
    rows = logged(meeting, Kind.MINUTES_CIRCULATED)
    assert {e: d.state for e, d in rows.items()} == {
        "hn@example.org": State.SENT,
        "gt@example.org": State.SENT,
        "oim@example.org": State.SENT,
        "": State.NO_ADDRESS,
    }
    assert rows["gt@example.org"].link == absolute_reverse("meetings:minutes", meeting.pk)
    assert len(mail.outbox) == 3


@pytest.fixture
def poa(db):
    return small_poa()


def test_period_opened_due_reminder_and_report_reviewed_are_logged(
    poa, coalition, st_user, focal_point_hn, django_capture_on_commit_callbacks
):
    UserFactory(
        username="fp-bz-sin-correo",
        email="",
        role=User.Role.FOCAL_POINT,
        national_body=coalition["BZ"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        period = open_period(st_user, poa)
    opened = logged(period, Kind.PERIOD_OPENED)
    report = report_of(period, coalition["HN"])
    hn = opened["fp-hn@example.org"]
    assert (hn.state, hn.country.iso_code, hn.user, hn.about) == (
        State.SENT,
        "HN",
        focal_point_hn,
        period,
    )
    assert hn.link == absolute_reverse("monitoring:report-edit", report.pk)
    assert hn.link in mail.outbox[0].body
    assert (opened[""].state, opened[""].country.iso_code) == (State.NO_ADDRESS, "BZ")

    assert monitoring.due_reminders_send(today=period.due_on - dt.timedelta(days=7)) == 1
    reminder = logged(period, Kind.DUE_REMINDER)["fp-hn@example.org"]
    assert reminder.state == State.SENT and reminder.about == period
    assert logged(period, Kind.DUE_REMINDER)[""].state == State.NO_ADDRESS

    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.progress_report_return(
            user=st_user, report=report, expected_version=report.version, comment="Falta 1.1.1"
        )
    reviewed = logged(report, Kind.REPORT_REVIEWED)
    assert set(reviewed) == {"fp-hn@example.org"}
    assert reviewed["fp-hn@example.org"].link == absolute_reverse(
        "monitoring:report-detail", report.pk
    )


# --- A failure to send is logged, and the task fails as before --------------------------------


def test_an_smtp_failure_is_logged_as_failed_and_raised(
    coalition, presidency_user, settings, django_capture_on_commit_callbacks
):
    invitee(coalition["HN"], email="hn@example.org")
    meeting = panama_meeting()
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with pytest.raises(SMTPException), django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_convene(user=presidency_user, meeting=meeting)
    failed = logged(meeting, Kind.CONVOCATION)["hn@example.org"]
    assert failed.state == State.FAILED and "451" in failed.error and failed.sent_at is None
    # Not marked as notified: the next run of the task sends the convocation again.
    assert Invitation.objects.get(meeting=meeting, email="hn@example.org").notified_at is None


def test_an_smtp_failure_of_a_monitoring_notice_is_logged(
    poa, st_user, focal_point_hn, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        period = open_period(st_user, poa)
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with pytest.raises(SMTPException):
        monitoring.period_opened_notify(period=period)
    assert logged(period, Kind.PERIOD_OPENED)["fp-hn@example.org"].state == State.FAILED


# --- The log page ---------------------------------------------------------------------------


LOG = "/notices/"


@pytest.mark.parametrize("role", ["delegate", "focal_point_hn", "observer", "partner"])
def test_only_st_and_the_presidency_read_the_log(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(LOG).status_code == 403
    assert client.get(LOG + "?format=csv").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LOG)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["st_user", "presidency_user"])
def test_st_and_the_presidency_read_the_log(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(LOG).status_code == 200


def test_the_page_answers_was_belize_told(client, st_user, convened):
    client.force_login(st_user)
    url = f"{LOG}?about=meetings.meeting:{convened.pk}&kind=convocation"
    response = client.get(url)
    assert response.status_code == 200
    assert "BZ" in {c.iso_code for c in response.context["not_told"]}
    assert "HN" not in {c.iso_code for c in response.context["not_told"]}
    assert response.context["page"].paginator.count == 4
    # The per-country answer ignores the country filter: Belize is still listed as not told.
    response = client.get(url + "&country=HN")
    assert response.context["page"].paginator.count == 1
    assert "BZ" in {c.iso_code for c in response.context["not_told"]}
    html = response.content.decode()
    assert "Belice" in html


def test_the_meeting_and_period_pages_link_to_who_was_told(
    client, st_user, delegate, convened, poa, django_capture_on_commit_callbacks
):
    link = f"{LOG}?about=meetings.meeting%3A{convened.pk}"
    client.force_login(st_user)
    assert link in client.get(reverse("meetings:detail", args=[convened.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        period = open_period(st_user, poa)
    page = client.get(reverse("monitoring:period-detail", args=[period.pk])).content.decode()
    assert f"{LOG}?about=monitoring.reportingperiod%3A{period.pk}" in page
    client.force_login(delegate)
    assert link not in client.get(reverse("meetings:detail", args=[convened.pk])).content.decode()


def _deliver(
    kind, country, state=State.SENT, *, name="Ana Pérez", email="ana@example.org", at=None
):
    """A logged delivery as the services leave it (the row, not a real e-mail)."""
    delivery = Delivery.objects.create(
        kind=kind,
        country=Country.objects.get(iso_code=country) if country else None,
        name=name,
        email=email,
        subject=f"{kind} {country}",
        state=state,
    )
    if at is not None:
        Delivery.objects.filter(pk=delivery.pk).update(created_at=at)
    return delivery


def _count(client, query: str) -> int:
    response = client.get(f"{LOG}?{query}")
    assert response.status_code == 200, response.content
    return response.context["page"].paginator.count


def test_the_filters(client, st_user, coalition):
    early = dt.datetime(2025, 1, 15, 12, tzinfo=dt.UTC)
    _deliver(Kind.CONVOCATION, "BZ", State.NO_ADDRESS, name="Kim Young", email="")
    _deliver(Kind.CONVOCATION, "HN", name="Luis Martínez", email="luis@sep.hn", at=early)
    _deliver(Kind.PERIOD_OPENED, "HN", State.FAILED, name="Rosa Díaz", email="rosa@cicesct.hn")
    _deliver(Kind.COMMUNIQUE, None, name="OIM", email="oim@example.org")
    client.force_login(st_user)
    assert _count(client, "") == 4
    assert _count(client, "kind=convocation") == 2
    assert _count(client, "country=BZ") == 1
    assert _count(client, "country=HN") == 2
    assert _count(client, "state=failed") == 1
    assert _count(client, "state=no_address") == 1
    assert _count(client, "q=martínez") == 1
    assert _count(client, "q=cicesct") == 1
    assert _count(client, "date_to=2025-01-31") == 1
    assert _count(client, "date_from=2025-02-01") == 3
    assert _count(client, "kind=convocation&country=HN&state=sent") == 1


def test_a_meaningless_about_or_date_range_shows_an_error_and_no_rows(client, st_user):
    _deliver(Kind.CONVOCATION, "HN")
    client.force_login(st_user)
    for query in (
        "about=nada",
        "about=meetings.nomodel:1",
        "date_from=2026-02-01&date_to=2026-01-01",
    ):
        response = client.get(f"{LOG}?{query}")
        assert response.status_code == 200
        assert response.context["form"].errors and response.context["page"].paginator.count == 0


def test_about_filters_one_notice(client, st_user, convened, django_capture_on_commit_callbacks):
    other = panama_meeting(title="Otra reunión")
    client.force_login(st_user)
    n = Delivery.objects.filter(about_id=convened.pk, about_type__model="meeting").count()
    assert n == 4 and _count(client, f"about=meetings.meeting:{convened.pk}") == n
    assert _count(client, f"about=meetings.meeting:{other.pk}") == 0


def test_the_csv_export_carries_the_filtered_log(client, st_user, coalition):
    _deliver(Kind.CONVOCATION, "BZ", State.NO_ADDRESS, name="=cmd|' /C calc'!A0", email="")
    _deliver(Kind.PERIOD_OPENED, "HN", name="Luis Martínez", email="luis@sep.hn")
    client.force_login(st_user)
    response = client.get(f"{LOG}?kind=convocation&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = rows[1]
    assert "BZ" in row and row[3].startswith("'=")  # a formula is written as text
    response = client.get(f"{LOG}?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_log_is_paginated_newest_first(client, st_user, coalition):
    for i in range(55):
        _deliver(Kind.DUE_REMINDER, "HN", name=f"Persona {i:02d}")
    client.force_login(st_user)
    response = client.get(LOG)
    page = response.context["page"]
    assert page.paginator.count == 55 and len(page.object_list) == 50
    assert page.object_list[0].name == "Persona 54"
    assert len(client.get(LOG + "?page=2").context["page"].object_list) == 5


def test_was_it_told_of_a_committee_session_asks_the_committee_countries_only(coalition):
    """The meetings app registers who a meeting's notices should reach
    (communications.selectors.deliveries.EXPECTED_COUNTRIES): at a committee session, the
    committee's countries; at a plenary, every member country."""
    from meetings.tests.factories import MeetingFactory
    from members.tests.factories import CommitteeCountryFactory, CommitteeFactory

    committee = CommitteeFactory()
    for iso in ("HN", "GT"):
        CommitteeCountryFactory(committee=committee, country=coalition[iso].country)
    session = MeetingFactory(kind=Meeting.Kind.COMMITTEE, committee=committee)
    rows = told_by_country(Delivery.objects.none(), about=about_of(session))
    assert [r.country.iso_code for r in rows] == ["GT", "HN"]  # by Spanish name
    assert not any(r.told for r in rows)
    plenary = MeetingFactory()
    rows = told_by_country(Delivery.objects.none(), about=about_of(plenary))
    assert len(rows) == Country.objects.filter(memberships__isnull=False).distinct().count()
