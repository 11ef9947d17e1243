"""Rules that used to be written in several places and now live in one (the architecture
issue): the dashboard's default POA, who reads which progress report, and a row's stored vs
suggested goal status. Each is pinned on its own and through every caller that shows it —
web pages, API, Excel workbook, PDF snapshot — so a caller that strays from the rule fails."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from monitoring import excel, selectors
from monitoring.models import ProgressReport
from monitoring.permissions import can_view_report
from monitoring.tests.factories import (
    activity,
    fill,
    open_period,
    report_approved,
    report_of,
    small_poa,
    submit,
)
from plans.models import POA
from plans.tests.factories import POAFactory
from reports.snapshot import progress_report_snapshot

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


# --- The dashboard's default POA (selectors.dashboard_default_poa) --------------------------


def test_the_default_poa_is_the_newest_reported_on_else_the_newest(
    coalition, st_user, focal_point_hn
):
    reported = small_poa(2019)
    assert selectors.dashboard_default_poa(user=focal_point_hn) == reported
    newer = POAFactory(year=2021, status=POA.Status.APPROVED)
    assert selectors.dashboard_default_poa(user=focal_point_hn) == newer  # nothing reported
    open_period(st_user, reported)
    assert selectors.dashboard_default_poa(user=focal_point_hn) == reported


def test_a_draft_poa_is_never_the_default_for_whoever_may_not_see_drafts(focal_point_hn):
    approved = POAFactory(year=2019, status=POA.Status.APPROVED)
    draft = POAFactory(year=2020, status=POA.Status.DRAFT)
    # Signed-in members see drafts (plans.selectors.poa_list): the newest POA is theirs.
    assert selectors.dashboard_default_poa(user=focal_point_hn) == draft
    for outsider in (AnonymousUser(), None):
        assert selectors.dashboard_default_poa(user=outsider) == approved
        assert draft not in selectors.dashboard_poas(user=outsider)


def test_the_dashboard_and_the_progress_api_default_to_the_same_poa(
    client, coalition, st_user, focal_point_hn
):
    reported = small_poa(2019)
    open_period(st_user, reported)
    POAFactory(year=2021, status=POA.Status.APPROVED)  # newer, nothing reported
    POAFactory(year=2022, status=POA.Status.DRAFT)  # newest, a draft
    assert selectors.dashboard_default_poa(user=focal_point_hn) == reported
    client.force_login(focal_point_hn)
    assert client.get(reverse("monitoring:dashboard")).context["poa"] == reported
    rows = _api(focal_point_hn).get("/api/v1/progress/", {"level": "poa"}).json()["results"]
    assert [row["poa"] for row in rows] == [reported.year]


def test_the_kept_dashboard_is_never_shown_to_someone_who_may_read_other_poas(
    client, monkeypatch, st_user, focal_point_hn
):
    """The rendered dashboard is kept per set of readable POAs (the cache's variant): were
    drafts one day hidden from some members, they would not get the page made for ST."""
    from monitoring.selectors import dashboard as dashboard_selectors
    from plans.selectors import poa_list

    approved = POAFactory(year=2019, status=POA.Status.APPROVED)
    POAFactory(year=2020, status=POA.Status.DRAFT)
    monkeypatch.setattr(  # a stricter plans rule: drafts for ST only
        dashboard_selectors,
        "poa_list",
        lambda *, user: poa_list(user=user if user.is_secretariat else None),
    )
    url = reverse("monitoring:dashboard")
    client.force_login(st_user)
    assert client.get(url).context["poa"].year == 2020
    client.force_login(focal_point_hn)
    assert client.get(url).context.get("poa") == approved
    assert client.get(url, {"poa": 2020}).context.get("poa") == approved  # not offered


# --- Who reads which progress report (monitoring.permissions) -------------------------------


@pytest.fixture
def reports(period, coalition, st_user, focal_point_hn, focal_point_gt) -> dict[str, object]:
    """A report in each state that changes who reads it."""
    hn = report_of(period, coalition["HN"])
    fill(hn, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(hn, focal_point_hn)
    gt = report_of(period, coalition["GT"])
    report_approved(gt, focal_point_gt, st_user, {"1.1.1": 50, "1.1.2": 50})
    return {
        "hn_submitted": report_of(period, coalition["HN"]),
        "gt_approved": report_of(period, coalition["GT"]),
        "sv_draft": report_of(period, coalition["SV"]),
        "regional_draft": report_of(period, None),
    }


EVERY_REPORT = {"hn_submitted", "gt_approved", "sv_draft", "regional_draft"}
READS = {
    "st_user": EVERY_REPORT,
    "presidency_user": EVERY_REPORT,
    "focal_point_hn": {"hn_submitted", "gt_approved", "regional_draft"},
    "delegate": {"hn_submitted", "gt_approved", "regional_draft"},  # a delegate of HN
    "focal_point_gt": {"gt_approved", "regional_draft"},
    "observer": {"gt_approved", "regional_draft"},
    "partner": set(),
}


@pytest.mark.parametrize("who", sorted(READS))
def test_who_reads_which_report(request, reports, who):
    """ST and the Presidency read every report (003 §VIII); a body's members read their
    own in any state; every other member reads approved reports and the regional one;
    partners read none (they read the aggregates). The queryset and the per-report check
    say the same."""
    user = request.getfixturevalue(who)
    readable = {name for name, report in reports.items() if can_view_report(user, report)}
    assert readable == READS[who]
    listed = set(selectors.reports_visible_to(user).filter(pk__in=[r.pk for r in reports.values()]))
    assert listed == {reports[name] for name in READS[who]}


@pytest.mark.parametrize("who", ["focal_point_hn", "focal_point_gt", "observer", "st_user"])
def test_the_api_lists_exactly_the_reports_the_pages_let_each_user_read(
    request, client, reports, who
):
    user = request.getfixturevalue(who)
    body = _api(user).get("/api/v1/progress-reports/", {"page_size": 200}).json()
    listed = {row["id"] for row in body["results"]}
    client.force_login(user)
    for name, report in reports.items():
        page = client.get(reverse("monitoring:report-detail", args=[report.pk]))
        detail = _api(user).get(f"/api/v1/progress-reports/{report.pk}/")
        readable = name in READS[who]
        assert (report.pk in listed) is readable, name
        assert page.status_code == (200 if readable else 403), name
        assert detail.status_code == (200 if readable else 404), name


# --- Stored vs suggested goal status (selectors.goal_status) --------------------------------


def test_a_status_is_an_override_only_when_it_departs_from_the_suggestion():
    suggestion = selectors.goal_status_of(chosen="", progress=50, planned=50)
    assert (suggestion.status, suggestion.is_override, suggestion.chosen) == (
        "in_progress",
        False,
        "",
    )
    # The suggestion stored, then read back: still "as the figures suggest".
    stored = selectors.goal_status_of(chosen="in_progress", progress=50, planned=50)
    assert (stored.status, stored.is_override, stored.chosen) == ("in_progress", False, "")
    choice = selectors.goal_status_of(chosen="cancelled", progress=50, planned=50)
    assert (choice.status, choice.is_override, choice.chosen) == ("cancelled", True, "cancelled")
    below = selectors.goal_status_of(chosen="", progress=20, planned=50)
    assert (below.status, below.is_override) == ("delayed", False)
    nothing = selectors.goal_status_of(chosen="", progress=None, planned=50)
    assert (nothing.status, nothing.is_override, nothing.chosen) == ("", False, "")
    assert selectors.suggest_goal_status(0, 0) == "not_started"
    assert selectors.suggest_goal_status(100, 100) == "achieved"


def test_delayed_means_the_same_on_a_row_and_in_the_results(settings):
    """One vocabulary: a row is "delayed" exactly when its compliance is below the at-risk
    threshold, as a result is; 95 of 100 is short of plan, not delayed."""
    assert selectors.suggest_goal_status(95, 100) == "in_progress"
    assert selectors.suggest_goal_status(30, 50) == "in_progress"  # 60 %: at risk
    assert selectors.suggest_goal_status(29, 50) == "delayed"  # 58 %
    assert selectors.status_of(Decimal(58)) == selectors.ResultStatus.DELAYED
    assert selectors.suggest_goal_status(0, 50) == "delayed"
    settings.MONITORING_COMPLIANCE_THRESHOLDS = {"on_track": 90, "at_risk": 50}
    assert selectors.suggest_goal_status(29, 50) == "in_progress"


@pytest.fixture
def hn_rows(period, coalition, focal_point_hn) -> ProgressReport:
    """HN's report: 1.1.1 at 50% with the suggested status (stored) and the reason of a
    choice since withdrawn, 1.1.2 cancelled by decision, with its reason."""
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50}, status_override_reason="Motivo ya retirado")
    fill(
        report,
        focal_point_hn,
        {"1.1.2": 60},
        goal_status="cancelled",
        status_override_reason="Acuerdo del Pleno",
    )
    stored = dict(report.entries.values_list("activity__code", "goal_status"))
    assert stored == {"1.1.1": "in_progress", "1.1.2": "cancelled"}
    return report


def test_every_caller_shows_a_stored_suggestion_as_suggested_and_a_choice_as_chosen(
    client, hn_rows, focal_point_hn
):
    detail = selectors.report_detail(pk=hn_rows.pk)
    reading = {e.activity.code: e.status_reading for e in detail.rows}
    assert (reading["1.1.1"].status, reading["1.1.1"].is_override) == ("in_progress", False)
    assert (reading["1.1.2"].status, reading["1.1.2"].is_override) == ("cancelled", True)

    # The web form: the suggestion is left on "as the figures suggest", the choice chosen.
    client.force_login(focal_point_hn)
    formset = client.get(reverse("monitoring:report-edit", args=[hn_rows.pk])).context["formset"]
    initial = {f.initial["activity"]: f.initial["goal_status"] for f in formset.forms}
    assert initial == {
        activity(hn_rows.period.poa, "1.1.1").pk: "",
        activity(hn_rows.period.poa, "1.1.2").pk: "cancelled",
    }

    # The Excel workbook: the status column is empty for the suggestion.
    sheet = load_workbook(io.BytesIO(excel.report_workbook(detail)))[excel.SHEET]
    column = excel.COLUMNS["goal_status"]
    cells = {
        sheet[f"{excel.COLUMNS['description']}{n}"].value.split()[0]: sheet[f"{column}{n}"].value
        for n in range(excel.FIRST_ROW, excel.FIRST_ROW + len(detail.rows))
    }
    assert cells["1.1.1"] is None and cells["1.1.2"]

    # The report page and the PDF: the row's status, the reason only for the choice.
    page = client.get(reverse("monitoring:report-detail", args=[hn_rows.pk])).content.decode()
    assert page.count("Acuerdo del Pleno") == 1
    assert "Motivo ya retirado" not in page
    rows = {r["code"]: r for r in progress_report_snapshot(report=hn_rows)["rows"]}
    assert rows["1.1.1"]["goal_status"] == "in_progress"
    assert rows["1.1.1"]["status_override_reason"] == ""
    assert rows["1.1.2"]["goal_status"] == "cancelled"
    assert rows["1.1.2"]["status_override_reason"] == "Acuerdo del Pleno"


def test_through_the_api_a_stored_suggestion_follows_the_figures_and_a_choice_stays(
    hn_rows, focal_point_hn
):
    api = _api(focal_point_hn)
    hn_rows.refresh_from_db()
    response = api.post(
        f"/api/v1/progress-reports/{hn_rows.pk}/entries/",
        {
            "version": hn_rows.version,
            "entries": [
                {"activity": activity(hn_rows.period.poa, "1.1.1").pk, "progress": 100},
                {"activity": activity(hn_rows.period.poa, "1.1.2").pk, "progress": 70},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    stored = dict(hn_rows.entries.values_list("activity__code", "goal_status"))
    assert stored == {"1.1.1": "achieved", "1.1.2": "cancelled"}


def test_through_the_web_form_a_stored_suggestion_follows_the_figures(
    client, hn_rows, focal_point_hn
):
    hn_rows.refresh_from_db()
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[hn_rows.pk])
    formset = client.get(url).context["formset"]
    data = {
        "version": hn_rows.version,
        "change_reason": "",
        "rows-TOTAL_FORMS": len(formset.forms),
        "rows-INITIAL_FORMS": len(formset.forms),
    }
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            data[f"rows-{i}-{name}"] = "" if value is None else value
        if form.initial["activity"] == activity(hn_rows.period.poa, "1.1.1").pk:
            data[f"rows-{i}-progress"] = 100
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["meta"].errors
    stored = dict(hn_rows.entries.values_list("activity__code", "goal_status"))
    assert stored == {"1.1.1": "achieved", "1.1.2": "cancelled"}
