"""Comunicados (issue 18): a comunicado to "members of Honduras and Guatemala" reaches
exactly their people, in the inbox and by e-mail; read and acknowledged states change as
each recipient acts; reminders go only to those who have not acknowledged; a restricted
comunicado's e-mail carries the link only, and the link opens it; every refusal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.testing import refused
from communications.models import AccessLevel, Communique, Delivery, Document
from communications.selectors.communiques import communique_recipients, inbox, who_has_it
from communications.services import communiques as services
from communications.tests.factories import CommuniqueFactory, pdf_bytes, upload
from members.models import Committee, CommitteeMember, ObserverOrganisation, User
from members.tests.factories import PersonFactory, UserFactory, designate

pytestmark = pytest.mark.django_db

A = Communique.Audience


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks):
    """E-mails leave after the commit (transaction.on_commit): `committed()` runs what a
    block queued, as the commit of a real request would."""
    global committed
    committed = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    yield


committed = None


def send(by: User, communique: Communique) -> Communique:
    with committed():
        return services.communique_send(by=by, communique=communique)


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(coalition, st_user, focal_point_hn, focal_point_gt):
    """Honduras: a titular with an account, an alternate without one, the focal point.
    Guatemala: a titular without e-mail, a titular who is also the focal point's account.
    Costa Rica (not addressed): a titular and a focal point."""
    hn, gt, cr = coalition["HN"], coalition["GT"], coalition["CR"]
    hn_rep = designate(
        st_user, hn, PersonFactory(country=hn.country, email="hn.titular@example.org")
    ).person
    hn_rep_user = UserFactory(
        username="hn-titular", role=User.Role.DELEGATE, national_body=hn, person=hn_rep
    )
    hn_alt = designate(
        st_user,
        hn,
        PersonFactory(country=hn.country, email="hn.suplente@example.org"),
        role="alternate",
    ).person
    gt_no_mail = designate(st_user, gt, PersonFactory(country=gt.country, email="")).person
    gt_fp_person = designate(
        st_user, gt, PersonFactory(country=gt.country, email="gt.titular@example.org")
    ).person
    focal_point_gt.person = gt_fp_person
    focal_point_gt.save()
    cr_rep = designate(
        st_user, cr, PersonFactory(country=cr.country, email="cr.titular@example.org")
    ).person
    cr_fp = UserFactory(username="fp-cr", role=User.Role.FOCAL_POINT, national_body=cr)
    return {
        "hn_rep": hn_rep,
        "hn_rep_user": hn_rep_user,
        "hn_alt": hn_alt,
        "gt_no_mail": gt_no_mail,
        "gt_fp_person": gt_fp_person,
        "fp_hn": focal_point_hn,
        "fp_gt": focal_point_gt,
        "cr_rep": cr_rep,
        "cr_fp": cr_fp,
    }


def hn_gt_draft(st_user, coalition, **fields) -> Communique:
    fields.setdefault("subject", "Reunión técnica de Honduras y Guatemala")
    fields.setdefault("body", "Les convocamos a la reunión técnica del 12 de marzo.")
    return services.communique_create(
        by=st_user,
        audiences=[A.REPRESENTATIVES, A.FOCAL_POINTS],
        countries=[coalition["HN"].country, coalition["GT"].country],
        **fields,
    )


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


# --- Distribution and sending --------------------------------------------------------------


def test_members_of_honduras_and_guatemala_reach_exactly_their_people(
    st_user, coalition, people, observer, partner
):
    communique = hn_gt_draft(st_user, coalition)
    mail.outbox.clear()
    send(st_user, communique)
    communique.refresh_from_db()
    year = timezone.localdate().year
    assert communique.number == f"COM-{year}-001"

    deliveries = communique.deliveries.filter(kind=Delivery.Kind.COMMUNIQUE)
    # The GT titular who is also the focal point's account counts once.
    assert deliveries.count() == 5
    assert {d.person_id for d in deliveries if d.person_id} == {
        people["hn_rep"].pk,
        people["hn_alt"].pk,
        people["gt_no_mail"].pk,
        people["gt_fp_person"].pk,
    }
    assert {m.to[0] for m in mail.outbox} == {
        "hn.titular@example.org",
        "hn.suplente@example.org",
        people["fp_hn"].email,
        "gt.titular@example.org",
    }
    assert len(mail.outbox) == 4
    no_mail = deliveries.get(person=people["gt_no_mail"])
    assert no_mail.state == Delivery.State.NO_ADDRESS
    message = mail.outbox[0]
    assert message.subject == f"[COM-{year}-001] Reunión técnica de Honduras y Guatemala"
    assert "reunión técnica del 12 de marzo" in message.body
    assert links_in(message) == [
        "http://testserver" + reverse("communiques:detail", args=[communique.pk])
    ] or links_in(message)[0].endswith(reverse("communiques:detail", args=[communique.pk]))

    # Their inboxes have it; nobody else's.
    for user in (people["hn_rep_user"], people["fp_hn"], people["fp_gt"]):
        assert [d.communique_id for d in inbox(user)] == [communique.pk]
    for user in (people["cr_fp"], observer, partner, st_user):
        assert not inbox(user).exists()
    page = client_of(people["fp_gt"]).get(reverse("communiques:inbox"))
    assert communique.subject in page.content.decode()


def test_each_recipient_gets_the_email_in_their_language(st_user, coalition, people):
    """The e-mail is rendered in the delivery's language (the Spanish wording comes from
    the lead's catalogue)."""
    people["hn_alt"].language = "en"
    people["hn_alt"].save()
    mail.outbox.clear()
    communique = send(st_user, hn_gt_draft(st_user, coalition))
    languages = dict(
        communique.deliveries.filter(kind="communique").values_list("email", "language")
    )
    assert languages["hn.suplente@example.org"] == "en"
    assert languages["hn.titular@example.org"] == "es"
    english = next(m for m in mail.outbox if m.to == ["hn.suplente@example.org"])
    assert "Dear" in english.body


def test_committee_and_named_people_are_recipients(st_user, coalition, people):
    committee = Committee.objects.create(name="Comité de prueba", kind=Committee.Kind.WORKING)
    designation = people["cr_rep"].designations.get()
    CommitteeMember.objects.create(
        committee=committee, designation=designation, start_date=dt.date(2025, 1, 1)
    )
    named = PersonFactory(country=None, email="nombrada@example.org")
    draft = services.communique_create(
        by=st_user, subject="Comité", body="Texto", committee=committee, people=[named]
    )
    found = communique_recipients(draft, timezone.localdate())
    assert {r.person.pk for r in found} == {people["cr_rep"].pk, named.pk}


def test_observers_and_partners_audiences(st_user, observer, partner, coalition):
    org = observer.observer_organisation
    PersonFactory(country=None, observer_organisation=org, email="rep@oim.example.org")
    inactive = ObserverOrganisation.objects.create(
        acronym="OLD", name="Antigua", kind="international", active=False
    )
    PersonFactory(country=None, observer_organisation=inactive, email="old@example.org")
    # A supporter the sources name (not an observer) gets nothing meant for observers.
    supporter = ObserverOrganisation.objects.get(acronym="OIM")
    assert supporter.role == ObserverOrganisation.Role.SUPPORTER
    PersonFactory(country=None, observer_organisation=supporter, email="apoyo@oim.example.org")
    UserFactory(role="observer", observer_organisation=supporter, email="cuenta@oim.example.org")
    draft = services.communique_create(
        by=st_user,
        subject="Observadores",
        body="Texto",
        audiences=[A.OBSERVERS, A.PARTNERS],
        confidentiality=AccessLevel.PUBLIC,
    )
    found = communique_recipients(draft, timezone.localdate())
    assert {r.email for r in found} >= {"rep@oim.example.org", observer.email, partner.email}
    assert "old@example.org" not in {r.email for r in found}
    assert not {"apoyo@oim.example.org", "cuenta@oim.example.org"} & {r.email for r in found}
    assert all(r.user is None or r.user.role in ("observer", "partner") for r in found)


# --- Read and acknowledged -----------------------------------------------------------------


def test_read_and_acknowledged_states_change_as_each_acts(st_user, coalition, people):
    communique = send(st_user, hn_gt_draft(st_user, coalition))
    url = reverse("communiques:detail", args=[communique.pk])
    fp_hn, fp_gt = people["fp_hn"], people["fp_gt"]

    def copy(user):
        return Delivery.objects.get(communique=communique, kind=Delivery.Kind.COMMUNIQUE, user=user)

    assert copy(fp_hn).opened_at is None
    assert client_of(fp_hn).get(url).status_code == 200
    first_open = copy(fp_hn).opened_at
    assert first_open is not None
    assert copy(fp_gt).opened_at is None
    client_of(fp_hn).get(url)
    assert copy(fp_hn).opened_at == first_open  # the first time is kept

    response = client_of(fp_gt).post(reverse("communiques:acknowledge", args=[communique.pk]))
    assert response.status_code == 302
    assert copy(fp_gt).acknowledged_at is not None
    assert copy(fp_gt).opened_at is not None
    assert copy(fp_hn).acknowledged_at is None

    groups = {g.label: g for g in who_has_it(communique)}
    assert groups["Guatemala"].acknowledged == 1 and groups["Guatemala"].total == 2
    assert groups["Honduras"].opened == 1 and groups["Honduras"].acknowledged == 0
    pending = {g.label: g for g in who_has_it(communique, not_acknowledged=True)}
    assert [d.user_id for d in pending["Guatemala"].rows] == [None]

    page = client_of(st_user).get(reverse("communiques:recipients", args=[communique.pk]))
    assert page.status_code == 200 and "Guatemala" in page.content.decode()
    csv = client_of(st_user).get(
        reverse("communiques:recipients", args=[communique.pk]), {"format": "csv"}
    )
    assert "hn.titular" not in csv.content.decode() or "Honduras" in csv.content.decode()


def test_reminders_go_only_to_those_who_have_not_acknowledged(st_user, coalition, people):
    communique = send(st_user, hn_gt_draft(st_user, coalition))
    for user in (people["fp_hn"], people["hn_rep_user"]):
        client_of(user).post(reverse("communiques:acknowledge", args=[communique.pk]))
    mail.outbox.clear()
    with committed():
        response = client_of(st_user).post(reverse("communiques:remind", args=[communique.pk]))
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} == {"hn.suplente@example.org", "gt.titular@example.org"}
    assert all(m.subject.startswith(f"[{communique.number}]") for m in mail.outbox)
    reminders = communique.deliveries.filter(kind=Delivery.Kind.COMMUNIQUE_REMINDER)
    assert reminders.count() == 3  # the GT titular without e-mail is logged, not mailed
    originals = communique.deliveries.filter(kind=Delivery.Kind.COMMUNIQUE)
    assert sorted(originals.values_list("reminders", flat=True)) == [0, 0, 1, 1, 1]


def test_daily_job_reminds_once_the_day_after_the_deadline(st_user, coalition, people):
    today = timezone.localdate()
    deadline = today - dt.timedelta(days=1)
    communique = send(st_user, hn_gt_draft(st_user, coalition, acknowledge_by=deadline))
    client_of(people["fp_hn"]).post(reverse("communiques:acknowledge", args=[communique.pk]))
    assert services.communique_remind_overdue(today=deadline) == 0  # not yet past
    mail.outbox.clear()
    with committed():
        assert services.communique_remind_overdue(today=today) == 4
    assert "fp-hn@example.org" not in {m.to[0] for m in mail.outbox}
    assert len(mail.outbox) == 3
    assert services.communique_remind_overdue(today=today + dt.timedelta(days=1)) == 0


# --- Confidentiality -------------------------------------------------------------------------


def test_restricted_email_has_only_the_link_and_the_link_opens_it(st_user, coalition, people):
    communique = hn_gt_draft(
        st_user,
        coalition,
        confidentiality=AccessLevel.RESTRICTED,
        body="Contenido reservado de la Coalición.",
        attachments=[upload("anexo.pdf", pdf_bytes("Anexo"), "application/pdf")],
    )
    assert communique.attachments.get().access == AccessLevel.RESTRICTED
    mail.outbox.clear()
    send(st_user, communique)
    message = next(m for m in mail.outbox if m.to == [people["fp_hn"].email])
    assert message.attachments == []
    assert "Contenido reservado" not in message.body
    (link,) = links_in(message)
    path = re.sub(r"^https?://[^/]+", "", link)
    response = client_of(people["fp_hn"]).get(path)
    assert response.status_code == 200
    assert "Contenido reservado de la Coalición." in response.content.decode()


def test_members_email_carries_text_and_attachment(st_user, coalition, people):
    communique = hn_gt_draft(
        st_user,
        coalition,
        attachments=[upload("anexo.pdf", pdf_bytes("Anexo"), "application/pdf")],
    )
    mail.outbox.clear()
    send(st_user, communique)
    message = mail.outbox[0]
    assert "reunión técnica del 12 de marzo" in message.body
    assert [a[0] for a in message.attachments] == ["anexo.pdf"]


def test_attachments_over_the_limit_stay_in_the_platform(st_user, coalition, people, settings):
    settings.COMMUNIQUE_ATTACHMENTS_MAX_BYTES = 10
    communique = hn_gt_draft(
        st_user,
        coalition,
        attachments=[upload("anexo.pdf", pdf_bytes("Anexo"), "application/pdf")],
    )
    mail.outbox.clear()
    send(st_user, communique)
    assert mail.outbox[0].attachments == []


def test_observer_cannot_open_a_restricted_communique_by_url(st_user, coalition, people, observer):
    communique = services.communique_send(
        by=st_user,
        communique=hn_gt_draft(st_user, coalition, confidentiality=AccessLevel.RESTRICTED),
    )
    url = reverse("communiques:detail", args=[communique.pk])
    assert client_of(observer).get(url).status_code == 404
    # Even holding a copy (it became an observer's after it was sent), never.
    Delivery.objects.create(
        kind=Delivery.Kind.COMMUNIQUE, communique=communique, user=observer, subject="x"
    )
    assert client_of(observer).get(url).status_code == 404
    assert not inbox(observer).exists()


def test_non_recipients_get_404_and_drafts_are_for_st(st_user, coalition, people, delegate):
    draft = hn_gt_draft(st_user, coalition)
    url = reverse("communiques:detail", args=[draft.pk])
    assert client_of(people["fp_hn"]).get(url).status_code == 404  # a draft
    assert client_of(st_user).get(url).status_code == 200
    services.communique_send(by=st_user, communique=draft)
    assert client_of(people["cr_fp"]).get(url).status_code == 404
    assert client_of(people["fp_hn"]).get(url).status_code == 200


# --- Refusals ---------------------------------------------------------------------------------


def test_only_st_or_presidency_draft(focal_point_hn, presidency_user):
    with pytest.raises(PermissionDenied):
        services.communique_create(by=focal_point_hn, subject="x", body="y")
    assert services.communique_create(by=presidency_user, subject="x", body="y").pk
    assert client_of(focal_point_hn).get(reverse("communiques:list")).status_code == 403
    assert client_of(focal_point_hn).get(reverse("communiques:create")).status_code == 403


def test_only_st_or_presidency_send(st_user, coalition, people):
    draft = hn_gt_draft(st_user, coalition)
    with pytest.raises(PermissionDenied):
        services.communique_send(by=people["fp_hn"], communique=draft)


def test_a_sent_communique_cannot_be_edited_nor_sent_again(st_user, coalition, people):
    communique = send(st_user, hn_gt_draft(st_user, coalition))
    with refused("already_sent"):
        services.communique_update(
            by=st_user,
            communique=communique,
            expected_version=None,
            subject="Otro",
            body="Otro",
            languages="es",
            confidentiality=AccessLevel.MEMBERS,
        )
    with refused("already_sent"):
        services.communique_send(by=st_user, communique=communique)
    response = client_of(st_user).get(reverse("communiques:edit", args=[communique.pk]))
    assert response.status_code == 302


def test_a_stale_draft_is_refused(st_user, coalition):
    draft = hn_gt_draft(st_user, coalition)
    fields = dict(subject="Nuevo", body="Nuevo", languages="es", confidentiality="members")
    services.communique_update(by=st_user, communique=draft, expected_version=1, **fields)
    with refused("stale_version"):
        services.communique_update(by=st_user, communique=draft, expected_version=1, **fields)
    with refused("stale_version"):
        services.communique_send(by=st_user, communique=draft, expected_version=1)


def test_sending_needs_a_recipient(st_user, coalition):
    draft = services.communique_create(by=st_user, subject="Nadie", body="Nadie")
    with refused("no_recipients"):
        services.communique_send(by=st_user, communique=draft)
    # Representatives of a country with no designation in force: still nobody.
    draft = services.communique_create(
        by=st_user,
        subject="Nadie",
        body="Nadie",
        audiences=[A.REPRESENTATIVES],
        countries=[coalition["PA"].country],
    )
    with refused("no_recipients"):
        services.communique_send(by=st_user, communique=draft)
    draft.refresh_from_db()
    assert draft.number is None and draft.status == Communique.Status.DRAFT


def test_restricted_cannot_go_to_observers_or_partners(st_user, observer):
    for audience in (A.OBSERVERS, A.PARTNERS):
        with refused("restricted_audience", field="audiences"):
            services.communique_create(
                by=st_user,
                subject="x",
                body="y",
                confidentiality=AccessLevel.RESTRICTED,
                audiences=[audience],
            )
    rep = PersonFactory(
        country=None, observer_organisation=observer.observer_organisation, email="o@x.org"
    )
    with refused("restricted_person", field="people"):
        services.communique_create(
            by=st_user, subject="x", body="y", confidentiality="restricted", people=[rep]
        )
    assert not Communique.objects.filter(subject="x").exists()


def test_only_a_public_comunicado_goes_to_partner_agencies(st_user, partner, observer):
    """Partner agencies read public material only (communications.selectors.access): a
    comunicado for members may go to observers, never to partners."""
    with refused("partners_public_only", field="audiences"):
        services.communique_create(
            by=st_user, subject="x", body="y", confidentiality="members", audiences=[A.PARTNERS]
        )
    person = PersonFactory(country=None, email="socio@x.org")
    partner.person = person
    partner.save()
    with refused("partner_person", field="people"):
        services.communique_create(
            by=st_user, subject="x", body="y", confidentiality="members", people=[person]
        )
    assert not Communique.objects.filter(subject="x").exists()
    services.communique_create(
        by=st_user, subject="x", body="y", confidentiality="members", audiences=[A.OBSERVERS]
    )
    services.communique_create(
        by=st_user, subject="z", body="y", confidentiality="public", people=[person]
    )


def test_restricted_named_person_who_became_an_observer_is_refused_at_sending(st_user, observer):
    person = PersonFactory(country=None, email="p@x.org")
    draft = services.communique_create(
        by=st_user, subject="x", body="y", confidentiality="restricted", people=[person]
    )
    person.observer_organisation = observer.observer_organisation
    person.save()
    with refused("restricted_person", field="people"):
        services.communique_send(by=st_user, communique=draft)


def test_markup_is_refused(st_user):
    with refused("markup_refused", field="body"):
        services.communique_create(by=st_user, subject="x", body="<script>alert(1)</script>")


def test_remind_needs_a_sent_communique_and_someone_to_remind(st_user, coalition, people):
    draft = hn_gt_draft(st_user, coalition)
    with refused("not_sent"):
        services.communique_remind(by=st_user, communique=draft)
    services.communique_send(by=st_user, communique=draft)
    with pytest.raises(PermissionDenied):
        services.communique_remind(by=people["fp_hn"], communique=draft)
    draft.deliveries.update(acknowledged_at=timezone.now())
    with refused("nobody_to_remind"):
        services.communique_remind(by=st_user, communique=draft)


def test_acknowledge_once_and_only_ones_own(st_user, coalition, people):
    communique = send(st_user, hn_gt_draft(st_user, coalition))
    own = Delivery.objects.get(communique=communique, user=people["fp_hn"], kind="communique")
    other = Delivery.objects.get(communique=communique, user=people["fp_gt"], kind="communique")
    with pytest.raises(PermissionDenied):
        services.communique_acknowledge(user=people["fp_hn"], delivery=other)
    with pytest.raises(PermissionDenied):
        services.communique_acknowledge(user=people["fp_hn"], delivery=None)
    services.communique_acknowledge(user=people["fp_hn"], delivery=own)
    with refused("already_acknowledged"):
        services.communique_acknowledge(user=people["fp_hn"], delivery=own)


def test_a_bad_attachment_stores_nothing(st_user, coalition):
    with pytest.raises(Exception) as exc:
        hn_gt_draft(
            st_user,
            coalition,
            attachments=[
                upload("bueno.pdf", pdf_bytes("Bueno"), "application/pdf"),
                upload("malo.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf"),
            ],
        )
    assert "attachments" in getattr(exc.value, "error_dict", {})
    assert not Communique.objects.exists()
    assert not Document.objects.filter(kind=Document.Kind.COMMUNIQUE_ATTACHMENT).exists()


# --- Numbering -------------------------------------------------------------------------------


def test_numbers_run_per_year_of_sending(st_user, coalition, people):
    year = timezone.localdate().year
    CommuniqueFactory(
        status=Communique.Status.SENT, year=year - 1, sequence=7, number=f"COM-{year - 1}-007"
    )
    first = send(st_user, hn_gt_draft(st_user, coalition))
    second = send(st_user, hn_gt_draft(st_user, coalition))
    assert (first.number, second.number) == (f"COM-{year}-001", f"COM-{year}-002")
    assert (second.year, second.sequence) == (year, 2)


# --- Pages ------------------------------------------------------------------------------------


def test_draft_confirm_and_send_through_the_pages(st_user, coalition, people):
    client = client_of(st_user)
    response = client.post(
        reverse("communiques:create"),
        {
            "subject": "Por las páginas",
            "body": "Texto",
            "languages": "es",
            "confidentiality": "members",
            "audiences": [A.REPRESENTATIVES, A.FOCAL_POINTS],
            "countries": [coalition["HN"].country.pk, coalition["GT"].country.pk],
            "attachments": [
                upload("a.pdf", pdf_bytes("A"), "application/pdf"),
                upload("b.pdf", pdf_bytes("B"), "application/pdf"),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    communique = Communique.objects.get(subject="Por las páginas")
    assert communique.attachments.count() == 2
    confirm = client.get(reverse("communiques:send", args=[communique.pk]))
    text = confirm.content.decode()
    assert "Honduras" in text and "Guatemala" in text and "Costa Rica" not in text
    assert [(g.label, g.total) for g in confirm.context["groups"]] == [
        ("Guatemala", 2),
        ("Honduras", 3),
    ]
    response = client.post(
        reverse("communiques:send", args=[communique.pk]), {"version": communique.version}
    )
    assert response.status_code == 302
    communique.refresh_from_db()
    assert communique.status == Communique.Status.SENT
    listing = client.get(reverse("communiques:list"))
    assert communique.number in listing.content.decode()


def test_a_bad_file_on_the_form_shows_a_message(st_user, coalition):
    response = client_of(st_user).post(
        reverse("communiques:create"),
        {
            "subject": "Con archivo malo",
            "body": "Texto",
            "languages": "es",
            "confidentiality": "members",
            "attachments": [upload("malo.pdf", b"no es un pdf", "application/pdf")],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"]
    assert not Communique.objects.filter(subject="Con archivo malo").exists()
