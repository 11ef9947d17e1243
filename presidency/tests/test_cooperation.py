"""International cooperation (issue 22; 003 §VIII Presidency 4): the pipeline of a project
(every move allowed and refused, by code), who manages and who reads it, its links to event
budget commitments and alliances, its reporting duties and their reminders at the edges
(e-mails parsed and their link followed as the recipient), the totals per partner, year and
currency, and the pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html
from openpyxl import load_workbook

from common.testing import refused
from communications.models import Delivery
from events.models import FundingCommitment
from events.tests.factories import EventFactory
from members.models import User
from members.tests.factories import UserFactory
from plans.tests.factories import ActivityFactory, ActorFactory, AllianceFactory
from presidency.models import CooperationProject, ReportingDuty
from presidency.selectors import cooperation as selectors
from presidency.services import cooperation as services
from presidency.services.cooperation_notices import duties_remind, edge_reached
from presidency.tasks import remind_reporting_duties
from presidency.tests.factories import CooperationProjectFactory, ReportingDutyFactory

pytestmark = pytest.mark.django_db

Stage = CooperationProject.Stage
SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMMITTED, STARTED, CLOSED = dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def partner_actor():
    return ActorFactory(name="Organización Internacional para las Migraciones", acronym="OIM")


@pytest.fixture
def project(partner_actor, presidency_user):
    return CooperationProjectFactory(partner=partner_actor, created_by=presidency_user)


def fresh(obj):
    obj.refresh_from_db()
    return obj


def advance(user, project, to, on_date):
    return services.project_advance(
        user=user, project=project, to=to, on_date=on_date, version=fresh(project).version
    )


def final_duty_submitted(user, project):
    duty = ReportingDutyFactory(project=project, kind=ReportingDuty.Kind.FINAL)
    return services.duty_submit(
        user=user, duty=duty, submitted_on=dt.date(2026, 10, 15), version=duty.version
    )


def project_in(stage, **kwargs):
    dates = {
        Stage.COMMITMENT: {"committed_on": COMMITTED},
        Stage.EXECUTION: {"committed_on": COMMITTED, "execution_start": STARTED},
        Stage.FINAL_REPORT: {
            "committed_on": COMMITTED,
            "execution_start": STARTED,
            "closed_on": CLOSED,
        },
        Stage.DECLINED: {"closed_on": COMMITTED, "stage_reason": "No"},
        Stage.CANCELLED: {"committed_on": COMMITTED, "closed_on": STARTED, "stage_reason": "No"},
    }.get(stage, {})
    return CooperationProjectFactory(stage=stage, **{**dates, **kwargs})


# --- The pipeline -------------------------------------------------------------------------------


def test_a_project_goes_through_the_pipeline_setting_each_stage_date(presidency_user, project):
    assert project.stage == Stage.PROPOSAL
    advance(presidency_user, project, Stage.COMMITMENT, COMMITTED)
    assert (fresh(project).stage, project.committed_on) == (Stage.COMMITMENT, COMMITTED)
    advance(presidency_user, project, Stage.EXECUTION, STARTED)
    assert (fresh(project).stage, project.execution_start) == (Stage.EXECUTION, STARTED)
    final_duty_submitted(presidency_user, project)
    advance(presidency_user, project, Stage.FINAL_REPORT, CLOSED)
    assert (fresh(project).stage, project.closed_on) == (Stage.FINAL_REPORT, CLOSED)
    assert project.history.count() >= 4


@pytest.mark.parametrize(
    ("stage", "to"),
    [
        (Stage.PROPOSAL, Stage.EXECUTION),  # skips a step
        (Stage.PROPOSAL, Stage.FINAL_REPORT),
        (Stage.PROPOSAL, Stage.PROPOSAL),
        (Stage.COMMITMENT, Stage.PROPOSAL),  # backwards
        (Stage.COMMITMENT, Stage.FINAL_REPORT),
        (Stage.EXECUTION, Stage.COMMITMENT),
        (Stage.EXECUTION, Stage.DECLINED),  # the ends have their own services
        (Stage.FINAL_REPORT, Stage.PROPOSAL),
        (Stage.DECLINED, Stage.COMMITMENT),
        (Stage.CANCELLED, Stage.EXECUTION),
    ],
)
def test_every_other_move_is_a_bad_transition(st_user, stage, to):
    project = project_in(stage)
    with refused("bad_transition"):
        advance(st_user, project, to, CLOSED)
    assert fresh(project).stage == stage


def test_the_final_report_stage_needs_a_final_report_owed(st_user):
    project = project_in(Stage.EXECUTION)
    with refused("final_report_missing"):
        advance(st_user, project, Stage.FINAL_REPORT, CLOSED)


def test_the_final_report_stage_needs_every_final_report_submitted(st_user):
    project = project_in(Stage.EXECUTION)
    final_duty_submitted(st_user, project)
    ReportingDutyFactory(project=project, kind=ReportingDuty.Kind.FINAL)  # a second, pending
    ReportingDutyFactory(project=project, kind=ReportingDuty.Kind.PROGRESS)  # does not matter
    with refused("final_report_missing"):
        advance(st_user, project, Stage.FINAL_REPORT, CLOSED)
    assert fresh(project).stage == Stage.EXECUTION


def test_a_stage_date_is_not_before_the_previous_one_nor_in_the_future(st_user, project):
    with refused("date_before_previous"):
        advance(st_user, project, Stage.COMMITMENT, project.proposed_on - dt.timedelta(days=1))
    with refused("date_in_future"):
        advance(st_user, project, Stage.COMMITMENT, timezone.localdate() + dt.timedelta(days=2))


def test_a_stale_form_does_not_move_the_project(st_user, project):
    version = project.version
    advance(st_user, project, Stage.COMMITMENT, COMMITTED)
    with refused("stale_version"):
        services.project_advance(
            user=st_user, project=project, to=Stage.EXECUTION, on_date=STARTED, version=version
        )


def test_a_proposal_is_declined_with_a_reason(st_user, project):
    with refused("reason_required"):
        services.project_decline(user=st_user, project=project, reason="  ", version=1)
    services.project_decline(
        user=st_user, project=project, reason="Fuera de sus prioridades", version=1
    )
    assert fresh(project).stage == Stage.DECLINED
    assert project.stage_reason == "Fuera de sus prioridades"
    assert project.closed_on is not None


@pytest.mark.parametrize(
    "stage", [Stage.COMMITMENT, Stage.EXECUTION, Stage.FINAL_REPORT, Stage.CANCELLED]
)
def test_only_a_proposal_is_declined(st_user, stage):
    project = project_in(stage)
    with refused("bad_transition"):
        services.project_decline(user=st_user, project=project, reason="No", version=None)


@pytest.mark.parametrize("stage", [Stage.COMMITMENT, Stage.EXECUTION])
def test_a_commitment_or_an_execution_is_cancelled_with_a_reason(st_user, stage):
    project = project_in(stage)
    with refused("reason_required"):
        services.project_cancel(user=st_user, project=project, reason="", version=None)
    services.project_cancel(
        user=st_user, project=project, reason="Recorte presupuestario", on_date=CLOSED, version=None
    )
    assert (fresh(project).stage, project.closed_on) == (Stage.CANCELLED, CLOSED)


@pytest.mark.parametrize("stage", [Stage.PROPOSAL, Stage.FINAL_REPORT, Stage.DECLINED])
def test_a_proposal_or_an_ended_project_is_not_cancelled(st_user, stage):
    project = project_in(stage)
    with refused("bad_transition"):
        services.project_cancel(user=st_user, project=project, reason="No", version=None)


def test_an_ended_project_is_no_longer_edited(st_user):
    project = project_in(Stage.DECLINED)
    with refused("project_ended"):
        services.project_update(user=st_user, project=project, version=None, title="Otro")
    with refused("project_ended"):
        services.duty_create(
            user=st_user, project=project, kind="progress", due_date=dt.date(2027, 1, 1)
        )
    duty = ReportingDutyFactory(project=project)
    with refused("project_ended"):
        services.duty_submit(user=st_user, duty=duty, submitted_on=dt.date(2026, 10, 1))
    with refused("project_ended"):
        services.duty_update(user=st_user, duty=duty, kind="final", due_date=dt.date(2027, 2, 1))
    with refused("project_ended"):
        services.duty_delete(user=st_user, duty=duty)


# --- Who manages ------------------------------------------------------------------------------


@pytest.fixture
def non_managers(focal_point_hn, delegate, observer, partner):
    return [focal_point_hn, delegate, observer, partner]


def test_only_the_presidency_and_st_manage_the_cooperation(
    presidency_user, st_user, non_managers, partner_actor, project
):
    for user in non_managers:
        with refused("not_allowed"):
            services.project_create(
                user=user,
                partner=partner_actor,
                title="Apoyo",
                kind="money",
                amount=Decimal("100"),
                currency="USD",
                year=2026,
                proposed_on=dt.date(2026, 1, 5),
            )
        with refused("not_allowed"):
            advance(user, project, Stage.COMMITMENT, COMMITTED)
        with refused("not_allowed"):
            services.project_decline(user=user, project=project, reason="No", version=None)
        with refused("not_allowed"):
            services.duty_create(
                user=user, project=project, kind="final", due_date=dt.date(2027, 1, 1)
            )
    for user in (presidency_user, st_user):
        created = services.project_create(
            user=user,
            partner=partner_actor,
            title=f"Apoyo de {user.username}",
            kind="in_kind",
            in_kind="Dos expertos",
            currency="USD",
            year=2026,
            proposed_on=dt.date(2026, 1, 5),
        )
        assert created.created_by == user


def test_money_says_how_much_and_in_kind_says_what(st_user, partner_actor):
    base = {
        "user": st_user,
        "partner": partner_actor,
        "title": "Apoyo",
        "currency": "USD",
        "year": 2026,
        "proposed_on": dt.date(2026, 1, 5),
    }
    with refused("amount_required", field="__all__"):
        services.project_create(kind="money", **base)
    with refused("in_kind_required", field="__all__"):
        services.project_create(kind="in_kind", **base)


# --- Links: events, their budget commitments, alliances, activities ---------------------------


@pytest.fixture
def event():
    return EventFactory()


def commitment(event, **kwargs):
    values = {"kind": "money", "amount": Decimal("5000"), "currency": "USD"}
    values.update(kwargs)
    if not {"actor", "country", "source_name"} & set(kwargs):
        values["source_name"] = "Fondo regional"
    return FundingCommitment.objects.create(event=event, **values)


def test_a_commitment_covered_belongs_to_one_of_the_projects_events(st_user, project, event):
    other_event = EventFactory()
    covered = commitment(other_event, actor=project.partner)
    with refused("commitment_not_of_events"):
        services.project_update(
            user=st_user,
            project=project,
            version=project.version,
            events=[event],
            funding_commitments=[covered],
        )
    services.project_update(
        user=st_user,
        project=project,
        version=project.version,
        events=[event, other_event],
        funding_commitments=[covered],
    )
    assert list(fresh(project).funding_commitments.all()) == [covered]
    # Removing the event while keeping its commitment is refused too.
    with refused("commitment_not_of_events"):
        services.project_update(
            user=st_user, project=project, version=fresh(project).version, events=[event]
        )


def test_a_commitment_naming_an_actor_comes_from_the_partner(st_user, project, event):
    elsewhere = commitment(event, actor=ActorFactory(name="Otra agencia"))
    with refused("commitment_other_partner"):
        services.project_update(
            user=st_user,
            project=project,
            version=project.version,
            events=[event],
            funding_commitments=[elsewhere],
        )
    # A commitment without an actor (another named source) may be covered.
    unnamed = commitment(event)
    own = commitment(event, actor=project.partner, kind="in_kind", description="Sede")
    services.project_update(
        user=st_user,
        project=project,
        version=project.version,
        events=[event],
        funding_commitments=[unnamed, own],
    )
    assert set(fresh(project).funding_commitments.all()) == {unnamed, own}


def test_the_alliance_is_one_with_the_partner(st_user, project):
    with refused("alliance_other_partner"):
        services.project_update(
            user=st_user, project=project, version=project.version, alliance=AllianceFactory()
        )
    alliance = AllianceFactory(actor=project.partner)
    activity = ActivityFactory()
    services.project_update(
        user=st_user,
        project=project,
        version=project.version,
        alliance=alliance,
        activities=[activity],
    )
    assert fresh(project).alliance == alliance
    assert list(project.activities.all()) == [activity]


def test_an_edit_from_a_stale_form_is_refused(st_user, project):
    services.project_update(user=st_user, project=project, version=1, title="Primero")
    with refused("stale_version"):
        services.project_update(user=st_user, project=project, version=1, title="Segundo")
    assert fresh(project).title == "Primero"


# --- Reporting duties ---------------------------------------------------------------------------


def test_a_duty_is_submitted_once_with_its_copy(st_user, project):
    duty = services.duty_create(
        user=st_user, project=project, kind="progress", due_date=dt.date(2026, 12, 20)
    )
    with refused("date_in_future"):
        services.duty_submit(
            user=st_user, duty=duty, submitted_on=timezone.localdate() + dt.timedelta(days=3)
        )
    with refused("file_wrong_type"):
        services.duty_submit(
            user=st_user,
            duty=duty,
            submitted_on=dt.date(2026, 10, 1),
            document=SimpleUploadedFile("informe.pdf", b"not a pdf at all"),
        )
    services.duty_submit(
        user=st_user,
        duty=duty,
        submitted_on=dt.date(2026, 10, 1),
        document=SimpleUploadedFile("informe.pdf", PDF),
        version=duty.version,
    )
    duty = fresh(duty)
    assert (duty.status, duty.submitted_on) == (
        ReportingDuty.Status.SUBMITTED,
        dt.date(2026, 10, 1),
    )
    assert duty.document
    for call in (
        lambda: services.duty_submit(user=st_user, duty=duty, submitted_on=dt.date(2026, 10, 2)),
        lambda: services.duty_update(
            user=st_user, duty=duty, kind="final", due_date=dt.date(2027, 1, 1)
        ),
        lambda: services.duty_delete(user=st_user, duty=duty),
    ):
        with refused("duty_not_pending"):
            call()


def test_a_pending_duty_is_removed_and_a_new_due_date_restarts_its_reminders(st_user, project):
    duty = ReportingDutyFactory(project=project, reminders_sent=["before-14"])
    services.duty_update(
        user=st_user, duty=duty, kind="financial", due_date=dt.date(2027, 2, 1), version=1
    )
    assert fresh(duty).reminders_sent == []
    services.duty_delete(user=st_user, duty=duty, version=duty.version)
    assert not ReportingDuty.objects.filter(pk=duty.pk).exists()


def test_duties_are_managed_by_the_presidency_and_st_only(focal_point_hn, project):
    duty = ReportingDutyFactory(project=project)
    with refused("not_allowed"):
        services.duty_submit(user=focal_point_hn, duty=duty, submitted_on=dt.date(2026, 10, 1))
    with refused("not_allowed"):
        services.duty_delete(user=focal_point_hn, duty=duty)


# --- Reminders at the edges ---------------------------------------------------------------------

DUE = dt.date(2027, 3, 1)


@pytest.fixture
def recipients(presidency_user, st_user):
    english_st = UserFactory(username="st-en", role=User.Role.SECRETARIAT, language="en")
    UserFactory(username="st-old", role=User.Role.SECRETARIAT, is_active=False)
    return [presidency_user, st_user, english_st]


@pytest.fixture
def duty(recipients, focal_point_hn, observer):
    project = project_in(Stage.EXECUTION, partner=ActorFactory(name="Agencia de Cooperación"))
    return ReportingDutyFactory(project=project, kind=ReportingDuty.Kind.FINAL, due_date=DUE)


def run(day_offset: int) -> int:
    """Run the reminders `day_offset` days from the due date (negative: before it)."""
    return duties_remind(today=DUE + dt.timedelta(days=day_offset))


def test_the_edges_each_send_once(duty, recipients):
    mail.outbox.clear()
    assert run(-15) == 0
    assert run(-14) == len(recipients)
    assert fresh(duty).reminders_sent == ["before-14"]
    assert run(-14) == 0  # twice on the same day: one e-mail each
    assert run(-13) == 0
    assert run(-1) == len(recipients)
    assert run(0) == 0  # the due day: nothing new
    assert run(1) == len(recipients)  # the first day overdue
    assert run(2) == 0
    assert run(30) == 0
    assert fresh(duty).reminders_sent == ["before-14", "before-1", "overdue"]
    assert len(mail.outbox) == 3 * len(recipients)
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.COOPERATION_DUTY)
    assert deliveries.count() == 3 * len(recipients)
    assert {d.about_id for d in deliveries} == {duty.project_id}
    assert {d.user_id for d in deliveries} == {u.pk for u in recipients}


def test_a_late_run_sends_only_the_latest_edge_reached(duty, recipients):
    mail.outbox.clear()
    assert run(3) == len(recipients)
    assert fresh(duty).reminders_sent == ["overdue"]
    assert run(4) == 0
    assert len(mail.outbox) == len(recipients)


def test_a_late_run_before_the_due_date_sends_the_edge_it_reached(duty, recipients):
    assert run(-5) == len(recipients)
    assert fresh(duty).reminders_sent == ["before-14"]
    assert run(-1) == len(recipients)


def test_the_reminder_days_are_read_when_the_job_runs(duty, recipients, settings):
    settings.PRESIDENCY_DUTY_REMINDER_DAYS = (7,)
    assert run(-14) == 0
    assert run(-7) == len(recipients)
    assert fresh(duty).reminders_sent == ["before-7"]
    del settings.PRESIDENCY_DUTY_REMINDER_DAYS
    assert edge_reached(DUE, DUE - dt.timedelta(days=14), [14, 1]) == "before-14"


def test_a_submitted_duty_is_never_reminded(duty, st_user):
    services.duty_submit(user=st_user, duty=duty, submitted_on=dt.date(2026, 10, 1))
    mail.outbox.clear()
    assert sum(run(offset) for offset in (-14, -1, 0, 1, 5)) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("stage", [Stage.DECLINED, Stage.CANCELLED, Stage.FINAL_REPORT])
def test_a_duty_of_an_ended_project_is_never_reminded(recipients, stage):
    project = project_in(stage)
    ReportingDutyFactory(project=project, due_date=DUE)
    mail.outbox.clear()
    assert sum(run(offset) for offset in (-14, -1, 0, 1, 5)) == 0
    assert mail.outbox == []


def test_the_reminder_reads_as_its_recipient_reads_it(duty, recipients, presidency_user):
    mail.outbox.clear()
    run(-14)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in recipients)
    english_st = recipients[2]
    spanish = next(m for m in mail.outbox if m.to == [presidency_user.email])
    assert "Agencia de Cooperación" in spanish.subject
    languages = dict(
        Delivery.objects.filter(kind=Delivery.Kind.COOPERATION_DUTY).values_list(
            "user_id", "language"
        )
    )
    assert (languages[english_st.pk], languages[presidency_user.pk]) == ("en", "es")
    urls = URL.findall(spanish.body)
    assert urls == [f"{SITE}/presidency/cooperation/{duty.project_id}/"]
    client = Client()
    client.force_login(presidency_user)
    assert client.get(urlsplit(urls[0]).path).status_code == 200


def test_the_beat_task_reminds(duty, recipients, settings):
    assert "presidency-remind-reporting-duties" in settings.CELERY_BEAT_SCHEDULE
    assert (
        settings.CELERY_BEAT_SCHEDULE["presidency-remind-reporting-duties"]["task"]
        == remind_reporting_duties.name
    )
    # Due in 14 days from today (the task reads the local date).
    duty.due_date = timezone.localdate() + dt.timedelta(days=14)
    duty.save()
    assert remind_reporting_duties.delay().get() == len(recipients)


# --- Totals ---------------------------------------------------------------------------------------


def test_totals_count_committed_money_and_in_kind_per_currency(partner_actor):
    other = ActorFactory(name="Banco Interamericano")
    CooperationProjectFactory(partner=partner_actor, stage=Stage.COMMITMENT, amount=10000)
    CooperationProjectFactory(partner=partner_actor, stage=Stage.EXECUTION, amount=5000)
    CooperationProjectFactory(
        partner=partner_actor, stage=Stage.FINAL_REPORT, amount=3000000, currency="CRC"
    )
    CooperationProjectFactory(
        partner=partner_actor,
        stage=Stage.EXECUTION,
        kind="in_kind",
        in_kind="Sede",
        amount=2500,
    )
    CooperationProjectFactory(
        partner=partner_actor,
        stage=Stage.COMMITMENT,
        kind="in_kind",
        in_kind="Expertos",
        amount=None,
    )
    # Not counted: a proposal, a declined and a cancelled project.
    CooperationProjectFactory(partner=partner_actor, stage=Stage.PROPOSAL, amount=99999)
    CooperationProjectFactory(partner=partner_actor, stage=Stage.DECLINED, amount=88888)
    CooperationProjectFactory(partner=partner_actor, stage=Stage.CANCELLED, amount=77777)
    CooperationProjectFactory(partner=other, stage=Stage.COMMITMENT, amount=700, year=2027)
    result = selectors.totals()
    by_key = {(row.partner_id, row.year, t.currency): t for row in result.rows for t in row.totals}
    usd = by_key[(partner_actor.pk, 2026, "USD")]
    assert (usd.committed, usd.in_kind_count, usd.in_kind_value) == (
        Decimal("15000"),
        2,
        Decimal("2500"),
    )
    crc = by_key[(partner_actor.pk, 2026, "CRC")]
    assert (crc.committed, crc.in_kind_count) == (Decimal("3000000"), 0)
    assert by_key[(other.pk, 2027, "USD")].committed == Decimal("700")
    years = {(y.year, t.currency): t.committed for y in result.years for t in y.totals}
    assert years == {
        (2026, "CRC"): Decimal("3000000"),
        (2026, "USD"): Decimal("15000"),
        (2027, "USD"): Decimal("700"),
    }
    assert [y.year for y in selectors.totals(year=2027).years] == [2027]


# --- Pages ----------------------------------------------------------------------------------------


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_board_lists_each_project_under_its_stage(presidency_user):
    projects = {stage: project_in(stage) for stage in Stage}
    response = login(presidency_user).get(reverse("presidency:cooperation-list"))
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    for stage, project in projects.items():
        (column,) = tree.xpath(f'//section[@data-stage="{stage.value}"]')
        assert column.xpath(f'.//*[@data-project="{project.pk}"]'), stage
        assert column.xpath("string(.//*[@data-count])").strip() == "1"
    assert len(tree.xpath("//tbody/tr[@data-project]")) == len(projects)


def test_the_board_counts_a_project_once_whatever_it_owes(presidency_user):
    """The list's pending-reports annotation joins the duties: the board's counts do not
    count a project once per duty."""
    project = project_in(Stage.EXECUTION)
    for kind in (
        ReportingDuty.Kind.PROGRESS,
        ReportingDuty.Kind.FINANCIAL,
        ReportingDuty.Kind.FINAL,
    ):
        ReportingDutyFactory(project=project, kind=kind)
    response = login(presidency_user).get(reverse("presidency:cooperation-list"))
    tree = html.fromstring(response.content)
    (column,) = tree.xpath(f'//section[@data-stage="{Stage.EXECUTION.value}"]')
    assert column.xpath("string(.//*[@data-count])").strip() == "1"


def test_the_list_filters_by_partner_year_and_stage(st_user, partner_actor):
    mine = CooperationProjectFactory(partner=partner_actor, stage=Stage.COMMITMENT)
    CooperationProjectFactory(stage=Stage.COMMITMENT)
    CooperationProjectFactory(partner=partner_actor, year=2025)
    response = login(st_user).get(
        reverse("presidency:cooperation-list"),
        {"partner": partner_actor.pk, "year": 2026, "stage": "commitment"},
    )
    rows = html.fromstring(response.content).xpath("//tbody/tr[@data-project]/@data-project")
    assert rows == [str(mine.pk)]


def test_the_empty_list_says_so(st_user):
    response = login(st_user).get(reverse("presidency:cooperation-list"))
    assert response.status_code == 200
    assert b"empty-state" in response.content


def test_the_list_reads_in_a_fixed_number_of_queries(
    st_user, django_assert_max_num_queries, partner_actor
):
    for _ in range(12):
        CooperationProjectFactory(partner=partner_actor, stage=Stage.COMMITMENT)
    client = login(st_user)
    client.get(reverse("presidency:cooperation-list"))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("presidency:cooperation-list")).status_code == 200


def test_who_reads_the_pages(
    presidency_user, st_user, focal_point_hn, delegate, observer, partner, project
):
    duty = ReportingDutyFactory(project=project)
    services.duty_submit(
        user=st_user,
        duty=duty,
        submitted_on=dt.date(2026, 10, 1),
        document=SimpleUploadedFile("informe.pdf", PDF),
    )
    read = [
        reverse("presidency:cooperation-list"),
        reverse("presidency:cooperation-detail", args=[project.pk]),
        reverse("presidency:cooperation-totals"),
        reverse("presidency:cooperation-duty-document", args=[duty.pk]),
    ]
    write = [
        reverse("presidency:cooperation-create"),
        reverse("presidency:cooperation-edit", args=[project.pk]),
        reverse("presidency:cooperation-advance", args=[project.pk]),
        reverse("presidency:cooperation-decline", args=[project.pk]),
        reverse("presidency:cooperation-duty-create", args=[project.pk]),
    ]
    for user in (presidency_user, st_user):
        client = login(user)
        for url in read + write:
            assert client.get(url).status_code == 200, (user, url)
    for user in (focal_point_hn, delegate):
        client = login(user)
        for url in read:
            assert client.get(url).status_code == 200, (user, url)
        for url in write:
            assert client.get(url).status_code == 403, (user, url)
        page = client.get(reverse("presidency:cooperation-detail", args=[project.pk]))
        assert b'data-action="advance"' not in page.content
    for user in (observer, partner):
        client = login(user)
        for url in read + write:
            assert client.get(url).status_code == 403, (user, url)
    assert Client().get(read[0]).status_code == 302


def test_the_project_page_shows_the_moves_its_stage_allows(st_user):
    proposal = project_in(Stage.PROPOSAL)
    page = login(st_user).get(reverse("presidency:cooperation-detail", args=[proposal.pk]))
    assert b'data-action="decline"' in page.content
    assert b'data-action="cancel"' not in page.content
    execution = project_in(Stage.EXECUTION)
    page = login(st_user).get(reverse("presidency:cooperation-detail", args=[execution.pk]))
    assert b'data-action="decline"' not in page.content
    assert b'data-action="cancel"' in page.content
    ended = project_in(Stage.DECLINED)
    page = login(st_user).get(reverse("presidency:cooperation-detail", args=[ended.pk]))
    assert b'data-action="advance"' not in page.content
    assert b'data-action="edit"' not in page.content
    assert (
        login(st_user).get(reverse("presidency:cooperation-advance", args=[ended.pk])).status_code
        == 404
    )
    assert (
        login(st_user).get(reverse("presidency:cooperation-cancel", args=[proposal.pk])).status_code
        == 200
    )


def test_create_edit_and_move_through_the_pages(st_user, partner_actor):
    client = login(st_user)
    response = client.post(
        reverse("presidency:cooperation-create"),
        {
            "partner": partner_actor.pk,
            "title": "Apoyo al taller",
            "direction": "request",
            "kind": "money",
            "amount": "12000",
            "currency": "USD",
            "year": 2026,
            "proposed_on": "2026-02-01",
        },
    )
    project = CooperationProject.objects.get(title="Apoyo al taller")
    assert response.status_code == 302
    assert response["Location"] == reverse("presidency:cooperation-detail", args=[project.pk])
    response = client.post(
        reverse("presidency:cooperation-edit", args=[project.pk]),
        {
            "partner": partner_actor.pk,
            "title": "Apoyo al taller regional",
            "direction": "request",
            "kind": "money",
            "amount": "12500",
            "currency": "USD",
            "year": 2026,
            "proposed_on": "2026-02-01",
            "version": project.version,
        },
    )
    assert response.status_code == 302
    assert fresh(project).amount == Decimal("12500")
    response = client.post(
        reverse("presidency:cooperation-advance", args=[project.pk]),
        {"to": "commitment", "on_date": "2026-03-01", "version": project.version},
    )
    assert response.status_code == 302
    assert fresh(project).stage == Stage.COMMITMENT
    # A forged step is refused on the page, by its code's message, and nothing moves.
    response = client.post(
        reverse("presidency:cooperation-advance", args=[project.pk]),
        {"to": "final_report", "on_date": "2026-04-01", "version": project.version},
    )
    assert response.status_code == 200
    assert fresh(project).stage == Stage.COMMITMENT
    response = client.post(
        reverse("presidency:cooperation-cancel", args=[project.pk]),
        {"reason": "Recorte", "on_date": "2026-04-01", "version": project.version},
    )
    assert response.status_code == 302
    assert fresh(project).stage == Stage.CANCELLED
    page = client.get(reverse("presidency:cooperation-detail", args=[project.pk]))
    assert b'id="history"' in page.content
    assert page.content.count(b"<strong>") >= 4  # created, edited, committed, cancelled


def test_duty_pages(st_user, project):
    client = login(st_user)
    response = client.post(
        reverse("presidency:cooperation-duty-create", args=[project.pk]),
        {"kind": "final", "title": "Informe final", "due_date": "2027-01-31"},
    )
    assert response.status_code == 302
    duty = project.duties.get()
    response = client.post(
        reverse("presidency:cooperation-duty-edit", args=[duty.pk]),
        {"kind": "final", "title": "Informe final", "due_date": "2027-02-28", "version": 1},
    )
    assert response.status_code == 302
    assert fresh(duty).due_date == dt.date(2027, 2, 28)
    response = client.post(
        reverse("presidency:cooperation-duty-submit", args=[duty.pk]),
        {
            "submitted_on": "2026-10-01",
            "version": duty.version,
            "document": SimpleUploadedFile("informe.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    assert fresh(duty).status == ReportingDuty.Status.SUBMITTED
    download = client.get(reverse("presidency:cooperation-duty-document", args=[duty.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    pending = ReportingDutyFactory(project=project)
    response = client.post(
        reverse("presidency:cooperation-duty-delete", args=[pending.pk]), {"version": 1}
    )
    assert response.status_code == 302
    assert not ReportingDuty.objects.filter(pk=pending.pk).exists()
    # A submitted report is not removed (the refusal is flashed, the row stays).
    client.post(reverse("presidency:cooperation-duty-delete", args=[duty.pk]), {"version": 2})
    assert ReportingDuty.objects.filter(pk=duty.pk).exists()


def test_the_totals_page_and_its_downloads(focal_point_hn, partner_actor):
    CooperationProjectFactory(partner=partner_actor, stage=Stage.COMMITMENT, amount=10000)
    CooperationProjectFactory(
        partner=partner_actor, stage=Stage.EXECUTION, amount=500000, currency="CRC"
    )
    CooperationProjectFactory(partner=partner_actor, stage=Stage.PROPOSAL, amount=99)
    client = login(focal_point_hn)
    page = client.get(reverse("presidency:cooperation-totals"))
    assert page.status_code == 200
    tree = html.fromstring(page.content)
    rows = tree.xpath('//table[@data-totals="partners"]//tr[@data-currency]/@data-currency')
    assert sorted(rows) == ["CRC", "USD"]
    response = client.get(reverse("presidency:cooperation-totals"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted((v[2], Decimal(str(v[3]))) for v in values) == [
        ("CRC", Decimal("500000")),
        ("USD", Decimal("10000")),
    ]
    assert {v[0] for v in values} == {str(partner_actor)}
    csv = client.get(reverse("presidency:cooperation-totals"), {"format": "csv"})
    assert csv.status_code == 200
    assert "OIM" in csv.content.decode("utf-8-sig")
