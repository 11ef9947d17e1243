"""Admission of members and observers (issue 22): each step a Plenary agreement, dated; a
country's membership opens on the day of admission; an organisation becomes an observer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.testing import refused
from meetings.models import Meeting
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Country, Membership, ObserverOrganisation
from members.tests.factories import CommitteeFactory, CountryFactory, MembershipFactory
from presidency.models import Admission
from presidency.services import admission as services
from presidency.tests.factories import AdmissionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MEETING_DAY = dt.date(2026, 3, 10)  # AgreementFactory's plenary (meetings.tests.factories)


def plenary_agreement(**meeting):
    return AgreementFactory(meeting=MeetingFactory(**meeting))


def committee_agreement():
    return AgreementFactory(
        meeting=MeetingFactory(kind=Meeting.Kind.COMMITTEE, committee=CommitteeFactory())
    )


def invite_country(user, country, *, subject=Admission.Subject.MEMBER_COUNTRY, **kwargs):
    values = {
        "invitation_agreement": kwargs.pop("agreement", None) or plenary_agreement(),
        "invited_on": MEETING_DAY,
    }
    values.update(kwargs)
    return services.admission_invite(user=user, subject=subject, country=country, **values)


def admit(user, admission, *, day=dt.date(2026, 6, 1), agreement="plenary"):
    if agreement == "plenary":
        agreement = plenary_agreement(starts_at=dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC))
    admission.refresh_from_db()
    return services.admission_admit(
        user=user,
        admission=admission,
        admission_agreement=agreement,
        admitted_on=day,
        version=admission.version,
    )


# --- Only the Plenary ------------------------------------------------------------------------


def test_only_agreements_of_the_plenary_admit_members(st_user):
    ecuador = CountryFactory(iso_code="EC")
    with refused("not_a_plenary_agreement"):
        invite_country(st_user, ecuador, agreement=committee_agreement())
    assert not Admission.objects.filter(country=ecuador).exists()
    admission = invite_country(st_user, ecuador)  # a plenary's agreement
    assert admission.status == Admission.Status.INVITED
    with refused("not_a_plenary_agreement"):
        admit(st_user, admission, agreement=committee_agreement())
    admitted = admit(st_user, admission)
    assert admitted.status == Admission.Status.ADMITTED


def test_an_extraordinary_plenary_invites_too(presidency_user):
    agreement = plenary_agreement(kind=Meeting.Kind.EXTRAORDINARY)
    admission = invite_country(presidency_user, CountryFactory(iso_code="EC"), agreement=agreement)
    assert admission.invitation_agreement == agreement


def test_the_agreement_must_come_before_the_invitation(st_user):
    with refused("agreement_after_date"):
        invite_country(st_user, CountryFactory(iso_code="EC"), invited_on=dt.date(2026, 3, 9))
    admission = invite_country(st_user, CountryFactory(iso_code="EC"))  # the same day: fine
    late = plenary_agreement(starts_at=dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC))
    with refused("agreement_after_date"):
        admit(st_user, admission, agreement=late, day=dt.date(2026, 6, 30))


def test_admission_not_before_the_invitation(st_user):
    admission = invite_country(st_user, CountryFactory(iso_code="EC"))
    with refused("admitted_before_invitation"):
        admit(st_user, admission, day=dt.date(2026, 3, 9), agreement=None)


def test_a_country_is_admitted_by_an_agreement(st_user):
    admission = invite_country(st_user, CountryFactory(iso_code="EC"))
    with refused("agreement_required"):
        admit(st_user, admission, agreement=None)


def test_a_member_cannot_be_invited_as_member(st_user, coalition):
    honduras = coalition["HN"].country
    with refused("already_member"):
        invite_country(st_user, honduras)
    with refused("already_member"):
        invite_country(st_user, honduras, subject=Admission.Subject.OBSERVER_COUNTRY)


def test_one_open_invitation_per_subject(st_user):
    ecuador = CountryFactory(iso_code="EC")
    first = invite_country(st_user, ecuador)
    with refused("already_invited"):
        invite_country(st_user, ecuador, subject=Admission.Subject.OBSERVER_COUNTRY)
    services.admission_withdraw(
        user=st_user, admission=first, reason="Se reformula", version=first.version
    )
    assert invite_country(st_user, ecuador).status == Admission.Status.INVITED


@pytest.mark.parametrize("who", ["focal_point_hn", "delegate", "observer", "partner"])
def test_only_the_presidency_and_st_record_admissions(request, who, st_user):
    user = request.getfixturevalue(who)
    with refused("not_allowed"):
        invite_country(user, CountryFactory(iso_code="EC"))
    admission = AdmissionFactory(invitation_agreement=plenary_agreement())
    with refused("not_allowed"):
        admit(user, admission)
    for close in (services.admission_decline, services.admission_withdraw):
        with refused("not_allowed"):
            close(user=user, admission=admission, reason="No", version=admission.version)


def test_the_letter_is_checked(st_user):
    bad = SimpleUploadedFile("carta.pdf", b"MZ not a pdf", "application/pdf")
    with refused("file_wrong_type"):
        invite_country(st_user, CountryFactory(iso_code="EC"), letter=bad)
    good = SimpleUploadedFile("carta.pdf", PDF, "application/pdf")
    admission = invite_country(st_user, CountryFactory(iso_code="EC"), letter=good)
    assert admission.letter.name.endswith(".pdf")
    assert f"presidency/admissions/{admission.pk}/" in admission.letter.name


# --- A country not yet in the platform ------------------------------------------------------


def test_a_new_country_is_invited_by_its_iso_code(st_user):
    assert not Country.objects.filter(iso_code="CO").exists()
    admission = services.admission_invite(
        user=st_user,
        subject=Admission.Subject.OBSERVER_COUNTRY,
        iso_code="co",
        invitation_agreement=plenary_agreement(),
        invited_on=MEETING_DAY,
    )
    colombia = Country.objects.get(iso_code="CO")
    assert admission.country == colombia
    assert (colombia.name_es, colombia.name_en) == ("Colombia", "Colombia")


def test_an_unknown_iso_code_is_refused(st_user):
    with refused("unknown_country"):
        services.admission_invite(
            user=st_user,
            subject=Admission.Subject.MEMBER_COUNTRY,
            iso_code="XX",
            invitation_agreement=plenary_agreement(),
            invited_on=MEETING_DAY,
        )
    assert not Country.objects.filter(iso_code="XX").exists()


def test_a_subject_is_required(st_user):
    with refused("subject_required"):
        services.admission_invite(
            user=st_user,
            subject=Admission.Subject.MEMBER_COUNTRY,
            invitation_agreement=plenary_agreement(),
            invited_on=MEETING_DAY,
        )
    with refused("subject_required"):
        services.admission_invite(
            user=st_user,
            subject=Admission.Subject.OBSERVER_ORGANISATION,
            invitation_agreement=plenary_agreement(),
            invited_on=MEETING_DAY,
        )


# --- Memberships ----------------------------------------------------------------------------


def test_admission_opens_the_membership_on_its_day(st_user):
    ecuador = CountryFactory(iso_code="EC")
    admission = admit(st_user, invite_country(st_user, ecuador))
    membership = Membership.objects.get(country=ecuador)
    assert admission.membership == membership
    assert (membership.status, membership.start_date, membership.end_date) == (
        Membership.Status.MEMBER,
        dt.date(2026, 6, 1),
        None,
    )
    assert admission.admitted_on == dt.date(2026, 6, 1)
    assert not Membership.objects.in_force_on(dt.date(2026, 5, 31)).filter(country=ecuador)


def test_an_observer_country_is_admitted_with_voice_only(st_user):
    ecuador = CountryFactory(iso_code="EC")
    invitation = invite_country(st_user, ecuador, subject=Admission.Subject.OBSERVER_COUNTRY)
    admit(st_user, invitation)
    assert Membership.objects.get(country=ecuador).status == Membership.Status.OBSERVER


def test_an_observer_country_becomes_a_member(st_user):
    ecuador = CountryFactory(iso_code="EC")
    observer = MembershipFactory(
        country=ecuador, status=Membership.Status.OBSERVER, start_date=dt.date(2020, 1, 1)
    )
    with refused("already_observer"):
        invite_country(st_user, ecuador, subject=Admission.Subject.OBSERVER_COUNTRY)
    admission = admit(st_user, invite_country(st_user, ecuador))
    observer.refresh_from_db()
    assert observer.end_date == dt.date(2026, 5, 31)
    member = admission.membership
    assert (member.status, member.start_date) == (Membership.Status.MEMBER, dt.date(2026, 6, 1))
    statuses = Membership.objects.filter(country=ecuador).order_by("start_date")
    assert [m.status for m in statuses] == ["observer", "member"]


def test_a_country_that_became_member_meanwhile_is_not_admitted_twice(st_user):
    ecuador = CountryFactory(iso_code="EC")
    admission = invite_country(st_user, ecuador)
    MembershipFactory(country=ecuador, start_date=dt.date(2026, 4, 1))
    with refused("already_member"):
        admit(st_user, admission)


def test_a_later_membership_is_not_overlapped(st_user):
    ecuador = CountryFactory(iso_code="EC")
    admission = invite_country(st_user, ecuador)
    MembershipFactory(
        country=ecuador, status=Membership.Status.OBSERVER, start_date=dt.date(2026, 9, 1)
    )
    with refused("membership_overlaps"):
        admit(st_user, admission)


# --- Organisations --------------------------------------------------------------------------


def test_an_invited_organisation_becomes_an_observer(st_user):
    unicef = ObserverOrganisation.objects.get(acronym="UNICEF")
    assert unicef.role == ObserverOrganisation.Role.MENTIONED
    admission = services.admission_invite(
        user=st_user,
        subject=Admission.Subject.OBSERVER_ORGANISATION,
        organisation=unicef,
        invitation_agreement=plenary_agreement(),
        invited_on=MEETING_DAY,
    )
    unicef.refresh_from_db()
    assert unicef.role == ObserverOrganisation.Role.MENTIONED  # invited is not admitted
    # the organisation accepts: the invitation's agreement suffices
    services.admission_admit(
        user=st_user,
        admission=admission,
        admitted_on=dt.date(2026, 4, 2),
        version=admission.version,
    )
    unicef.refresh_from_db()
    assert (unicef.role, unicef.active) == (ObserverOrganisation.Role.OBSERVER, True)
    with refused("already_observer"):
        services.admission_invite(
            user=st_user,
            subject=Admission.Subject.OBSERVER_ORGANISATION,
            organisation=unicef,
            invitation_agreement=plenary_agreement(),
            invited_on=dt.date(2026, 5, 1),
        )


# --- Decline, withdraw ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("close", "status"),
    [
        (services.admission_decline, Admission.Status.DECLINED),
        (services.admission_withdraw, Admission.Status.WITHDRAWN),
    ],
)
def test_decline_and_withdraw_from_invited_only(st_user, close, status):
    admission = invite_country(st_user, CountryFactory(iso_code="EC"))
    with refused("reason_required"):
        close(user=st_user, admission=admission, reason=" ", version=admission.version)
    closed = close(user=st_user, admission=admission, reason="No", version=admission.version)
    assert (closed.status, closed.closed_reason) == (status, "No")
    with refused("not_invited"):
        close(user=st_user, admission=closed, reason="Otra vez", version=closed.version)
    with refused("not_invited"):
        admit(st_user, closed)
    assert not Membership.objects.filter(country__iso_code="EC").exists()


def test_an_admitted_invitation_is_not_withdrawn(st_user):
    admission = admit(st_user, invite_country(st_user, CountryFactory(iso_code="EC")))
    with refused("not_invited"):
        services.admission_withdraw(
            user=st_user, admission=admission, reason="No", version=admission.version
        )


def test_a_stale_form_is_refused(st_user):
    admission = invite_country(st_user, CountryFactory(iso_code="EC"))
    with refused("stale_version"):
        services.admission_withdraw(
            user=st_user, admission=admission, reason="No", version=admission.version + 5
        )


# --- Pages ----------------------------------------------------------------------------------


def test_pages_per_role(client, st_user, presidency_user, focal_point_hn, partner):
    admission = invite_country(
        st_user,
        CountryFactory(iso_code="EC"),
        letter=SimpleUploadedFile("carta.pdf", PDF, "application/pdf"),
    )
    list_url = reverse("presidency:admission-list")
    detail_url = reverse("presidency:admission-detail", args=[admission.pk])
    country_url = reverse("presidency:admission-country", args=["EC"])
    letter_url = reverse("presidency:admission-letter", args=[admission.pk])
    manage_urls = [
        reverse("presidency:admission-create"),
        reverse("presidency:admission-admit", args=[admission.pk]),
        reverse("presidency:admission-decline", args=[admission.pk]),
        reverse("presidency:admission-withdraw", args=[admission.pk]),
    ]
    for user in (st_user, presidency_user):
        client.force_login(user)
        for url in [list_url, detail_url, country_url, letter_url, *manage_urls]:
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(focal_point_hn)
    for url in [list_url, detail_url, country_url, letter_url]:
        assert client.get(url).status_code == 200, url
    for url in manage_urls:
        assert client.get(url).status_code == 403, url
    client.force_login(partner)
    for url in [list_url, detail_url, country_url, letter_url, *manage_urls]:
        assert client.get(url).status_code == 403, url
    client.logout()
    assert client.get(list_url).status_code == 302


def test_observers_do_not_download_the_letter(client, st_user, observer):
    admission = invite_country(
        st_user,
        CountryFactory(iso_code="EC"),
        letter=SimpleUploadedFile("carta.pdf", PDF, "application/pdf"),
    )
    client.force_login(observer)
    assert (
        client.get(reverse("presidency:admission-detail", args=[admission.pk])).status_code == 200
    )
    letter_url = reverse("presidency:admission-letter", args=[admission.pk])
    assert client.get(letter_url).status_code == 403
    client.force_login(st_user)
    response = client.get(letter_url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_invite_then_admit_through_the_pages(client, st_user):
    agreement = plenary_agreement()
    client.force_login(st_user)
    response = client.post(
        reverse("presidency:admission-create"),
        {
            "subject": Admission.Subject.MEMBER_COUNTRY,
            "iso_code": "EC",
            "invitation_agreement": agreement.pk,
            "invited_on": "2026-03-10",
            "letter": SimpleUploadedFile("carta.pdf", PDF, "application/pdf"),
        },
    )
    admission = Admission.objects.get(country__iso_code="EC")
    assert response.status_code == 302
    assert response.url == reverse("presidency:admission-detail", args=[admission.pk])
    to_admit = plenary_agreement(starts_at=dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC))
    admit_url = reverse("presidency:admission-admit", args=[admission.pk])
    response = client.post(
        admit_url,
        {"admission_agreement": to_admit.pk, "admitted_on": "2026-05-19", "version": 1},
    )
    assert response.status_code == 200  # refused: agreement_after_date, shown on the form
    assert Admission.objects.get(pk=admission.pk).status == Admission.Status.INVITED
    response = client.post(
        admit_url,
        {"admission_agreement": to_admit.pk, "admitted_on": "2026-06-01", "version": 1},
    )
    assert response.status_code == 302
    admission.refresh_from_db()
    assert admission.status == Admission.Status.ADMITTED
    assert admission.membership.start_date == dt.date(2026, 6, 1)
    page = client.get(reverse("presidency:admission-country", args=["EC"]))
    assert reverse("meetings:agreement-detail", args=[to_admit.pk]) in page.content.decode()
    assert reverse("meetings:agreement-detail", args=[agreement.pk]) in page.content.decode()
    # admitted: no more actions offered, and the pages refuse them
    detail = client.get(reverse("presidency:admission-detail", args=[admission.pk]))
    assert admit_url not in detail.content.decode()
    for action in ("admit", "decline", "withdraw"):
        url = reverse(f"presidency:admission-{action}", args=[admission.pk])
        assert client.get(url).url == reverse("presidency:admission-detail", args=[admission.pk])


def test_a_committee_agreement_is_not_offered(client, st_user):
    committee = committee_agreement()
    plenary = plenary_agreement()
    client.force_login(st_user)
    form = client.get(reverse("presidency:admission-create")).context["form"]
    choices = list(form.fields["invitation_agreement"].queryset)
    assert plenary in choices and committee not in choices


def test_list_filters(client, st_user):
    invited = invite_country(st_user, CountryFactory(iso_code="EC"))
    withdrawn = invite_country(st_user, CountryFactory(iso_code="PE"))
    services.admission_withdraw(
        user=st_user, admission=withdrawn, reason="No", version=withdrawn.version
    )
    client.force_login(st_user)
    url = reverse("presidency:admission-list")
    rows = client.get(url, {"status": "invited"}).context["page"].object_list
    assert list(rows) == [invited]
    rows = client.get(url, {"status": "withdrawn"}).context["page"].object_list
    assert list(rows) == [withdrawn]
    rows = client.get(url, {"subject": "observer_organisation"}).context["page"].object_list
    assert list(rows) == []


def test_the_members_directory_links_to_the_history(client, focal_point_hn, partner):
    link = reverse("presidency:admission-country", args=["HN"])
    client.force_login(focal_point_hn)
    assert link in client.get(reverse("members:directory")).content.decode()
    assert client.get(link).status_code == 200
    client.force_login(partner)
    assert link not in client.get(reverse("members:directory")).content.decode()
    client.logout()
    assert link not in client.get(reverse("members:directory")).content.decode()
