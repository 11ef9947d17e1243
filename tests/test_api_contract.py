"""Contract tests of /api/v1/ (issue #8): who may call what (anonymous, partner token,
focal point of another country, ST), filters, pagination, the error body, languages,
CORS, tokens, the schema and the docs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken

from meetings.models import Meeting, Motion, QuorumVerification, Vote
from meetings.tests.factories import AgendaItemFactory, AgreementFactory, MeetingFactory
from members.models import Country, User
from members.services import api_token_create, api_token_revoke
from members.tests.factories import DesignationFactory, PersonFactory
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

READ_PATHS = [
    "/api/v1/countries/",
    "/api/v1/national-bodies/",
    "/api/v1/observers/",
    "/api/v1/designations/",
    "/api/v1/plan/",
    "/api/v1/poas/",
    "/api/v1/operational-objectives/",
    "/api/v1/activities/",
    "/api/v1/meetings/",
    "/api/v1/agreements/",
    "/api/v1/progress/",
    "/api/v1/reporting-periods/",
    "/api/v1/published-results/",
]
MEMBER_PATHS = ["/api/v1/progress-reports/"]


def assert_error(response, status: int, code: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == {"detail", "code", "fields"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


# --- Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", READ_PATHS + MEMBER_PATHS)
def test_anonymous_gets_401_with_the_error_body(anon_api, path):
    response = anon_api.get(path)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("path", READ_PATHS)
def test_partner_token_reads_every_public_list(partner_api, period, path):
    response = partner_api.get(path)
    assert response.status_code == 200, response.json()
    assert {"count", "next", "previous", "results"} <= set(response.json())


def test_partner_does_not_read_progress_reports(partner_api, period):
    assert_error(partner_api.get("/api/v1/progress-reports/"), 403, "permission_denied")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/countries/"),
        ("post", "/api/v1/progress-reports/1/entries/"),
        ("post", "/api/v1/progress-reports/1/submit/"),
        ("patch", "/api/v1/progress-reports/1/entries/1/"),
    ],
)
def test_partner_token_is_read_only(partner_api, method, path):
    response = getattr(partner_api, method)(path, {}, format="json")
    assert_error(response, 403, "permission_denied")


def test_focal_point_cannot_write_the_registry(fp_hn_api):
    assert fp_hn_api.post("/api/v1/countries/", {}, format="json").status_code == 405


def test_focal_point_sees_own_and_regional_reports_only(fp_hn_api, period, coalition):
    rows = fp_hn_api.get("/api/v1/progress-reports/").json()["results"]
    assert sorted((r["country"] or "regional") for r in rows) == ["HN", "regional"]


def test_focal_point_of_another_country_cannot_see_a_draft(fp_gt_api, period, coalition):
    report = period.reports.get(national_body=coalition["HN"])
    assert_error(fp_gt_api.get(f"/api/v1/progress-reports/{report.pk}/"), 404, "not_found")
    response = fp_gt_api.post(
        f"/api/v1/progress-reports/{report.pk}/entries/",
        {"entries": [{"activity": 1, "progress": 10}], "version": 1},
        format="json",
    )
    assert_error(response, 404, "not_found")


def test_st_reads_every_report(st_api, period):
    assert st_api.get("/api/v1/progress-reports/").json()["count"] == period.reports.count()


def test_only_members_count_pending_reports(partner_api, st_api, period):
    response = partner_api.get("/api/v1/progress/", {"include_pending": "true"})
    assert_error(response, 403, "members_only")
    rows = st_api.get("/api/v1/progress/", {"include_pending": "true"}).json()["results"]
    assert rows[0]["official"] is False


# --- Error body and languages -------------------------------------------------------------


def test_errors_follow_accept_language(partner_token):
    client = token_client(partner_token, language="es")
    body = client.get("/api/v1/activities/", {"year": "x"}).json()
    assert body["code"] == "invalid"
    es = body["fields"]["year"][0]["message"]
    en = token_client(partner_token, language="en").get("/api/v1/activities/", {"year": "x"})
    assert en.json()["fields"]["year"][0]["message"] == "Enter a number."
    assert es == "Introduzca un número."


def test_invalid_filter_is_400_with_fields(partner_api):
    body = assert_error(partner_api.get("/api/v1/meetings/", {"year": "99999"}), 400, "max_value")
    assert body["fields"]["year"][0]["code"] == "max_value"


def test_unknown_object_is_404(partner_api, coalition):
    assert_error(partner_api.get("/api/v1/countries/999999/"), 404, "not_found")


def test_unknown_country_in_progress_is_a_field_error(partner_api, period):
    response = partner_api.get("/api/v1/progress/", {"country": "ZZ"})
    body = assert_error(response, 400, "unknown_country")
    assert body["fields"]["country"][0]["code"] == "unknown_country"


# --- Filters and pagination ---------------------------------------------------------------


def test_countries_filter_by_membership_status(partner_api, coalition):
    observer = Country.objects.create(iso_code="CO", name_es="Colombia", name_en="Colombia")
    observer.memberships.create(status="observer", start_date=dt.date(2015, 1, 1))
    rows = partner_api.get("/api/v1/countries/", {"status": "observer"}).json()["results"]
    assert [r["iso_code"] for r in rows] == ["CO"]
    assert partner_api.get("/api/v1/countries/", {"status": "member"}).json()["count"] == 9


def test_pagination_has_counts_and_links(partner_api, coalition):
    body = partner_api.get("/api/v1/countries/", {"page_size": 4, "ordering": "iso_code"}).json()
    assert body["count"] == 9 and len(body["results"]) == 4
    assert "page=2" in body["next"] and body["previous"] is None
    assert [r["iso_code"] for r in body["results"]] == ["BZ", "CR", "DO", "GT"]
    last = partner_api.get("/api/v1/countries/", {"page_size": 4, "page": 3}).json()
    assert len(last["results"]) == 1
    assert_error(partner_api.get("/api/v1/countries/", {"page": 99}), 404, "not_found")


def test_ordering(partner_api, coalition):
    rows = partner_api.get("/api/v1/countries/", {"ordering": "-iso_code"}).json()["results"]
    assert rows[0]["iso_code"] == "SV"


def test_activities_filter_by_year_axis_and_country(partner_api, period, coalition):
    rows = partner_api.get("/api/v1/activities/", {"year": 2019, "axis": 1}).json()["results"]
    assert [r["code"] for r in rows] == ["1.1.1", "1.1.2"]
    rows = partner_api.get("/api/v1/activities/", {"country": "HN"}).json()["results"]
    assert {r["code"] for r in rows} == {"1.1.1", "1.1.2"}  # the ST's 2.1.1 is regional
    rows = partner_api.get("/api/v1/activities/", {"responsible": "technical_secretariat"})
    assert [r["code"] for r in rows.json()["results"]] == ["2.1.1"]
    assert rows.json()["results"][0]["semester_1"] == 100


def test_reporting_periods_filter_and_rates(partner_api, period):
    body = partner_api.get("/api/v1/reporting-periods/", {"year": 2019, "status": "open"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["poa"], row["semester"], row["n_reports"], row["reporting_rate"]) == (
        2019,
        1,
        9,
        0.0,
    )
    assert partner_api.get("/api/v1/reporting-periods/", {"year": 2020}).json()["count"] == 0


def test_timeliness_of_a_period(partner_api, period, coalition):
    body = partner_api.get(f"/api/v1/reporting-periods/{period.pk}/timeliness/").json()
    assert body["expected"] == 9 and body["submitted"] == 0
    assert {r["state"] for r in body["rows"]} == {"not_submitted"}  # due in 2019
    assert "HN" in {r["country"] for r in body["rows"]}


# --- Public fields ------------------------------------------------------------------------


def test_designations_have_no_contacts(partner_api, coalition):
    person = PersonFactory(country=coalition["HN"].country, email="p@example.org", phone="+504 555")
    DesignationFactory(national_body=coalition["HN"], person=person, start_date=dt.date(2020, 1, 1))
    DesignationFactory(national_body=coalition["GT"], start_date=dt.date(2020, 1, 1))
    body = partner_api.get("/api/v1/designations/", {"country": "hn"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["person_name"] == person.full_name and row["national_body"] == "CICESCT"
    assert "p@example.org" not in str(body) and "555" not in str(body)
    assert not {"email", "phone"} & set(row)
    past = partner_api.get("/api/v1/designations/", {"in_force_on": "2019-06-01"}).json()
    assert past["count"] == 0


def _decided_meeting(coalition, status=Meeting.Status.CLOSED) -> Meeting:
    meeting = MeetingFactory(status=status, host_country=coalition["HN"].country)
    QuorumVerification.objects.create(
        meeting=meeting, n_members=9, required=5, represented=["GT", "HN", "SV"], reached=False
    )
    QuorumVerification.objects.create(
        meeting=meeting,
        n_members=9,
        required=5,
        represented=["CR", "GT", "HN", "PA", "SV"],
        reached=True,
        verified_at=timezone.now() + dt.timedelta(minutes=5),
    )
    item = AgendaItemFactory(meeting=meeting)
    motion = Motion.objects.create(
        agenda_item=item,
        text="Aprobar el POA",
        state=Motion.State.PUBLISHED,  # partners read published results only
        outcome=Motion.Outcome.ADOPTED,
        entitled_countries=["CR", "GT", "HN", "PA", "SV"],
    )
    for iso, choice in [
        ("CR", "yes"),
        ("GT", "yes"),
        ("HN", "yes"),
        ("PA", "no"),
        ("SV", "abstain"),
    ]:
        Vote.objects.create(motion=motion, country=coalition[iso].country, choice=choice)
    Motion.objects.create(agenda_item=item, text="Borrador", state=Motion.State.DRAFT)
    AgreementFactory(meeting=meeting, motion=motion, text="Aprobar el POA")
    return meeting


def test_meetings_public_part(partner_api, coalition):
    meeting = _decided_meeting(coalition)
    MeetingFactory(status=Meeting.Status.DRAFT, title="Borrador de reunión")
    body = partner_api.get("/api/v1/meetings/").json()
    assert body["count"] == 1  # drafts are for those who convene
    row = body["results"][0]
    assert row["host_country"] == "HN" and row["status"] == "closed"
    assert row["quorum"]["reached"] is True
    assert row["quorum"]["represented"] == ["CR", "GT", "HN", "PA", "SV"]
    [decision] = row["decisions"]
    assert (decision["yes"], decision["no"], decision["abstain"]) == (3, 1, 1)
    assert (decision["entitled"], decision["required_yes"]) == (5, 3)
    assert decision["outcome"] == "adopted" and decision["agreement"].startswith("CR-2026-")
    assert "link" not in row and "attendances" not in row
    assert partner_api.get(f"/api/v1/meetings/{meeting.pk}/").json()["id"] == meeting.pk


def test_st_sees_draft_meetings(st_api, coalition):
    MeetingFactory(status=Meeting.Status.DRAFT)
    assert st_api.get("/api/v1/meetings/").json()["count"] == 1


def test_agreements_with_status_and_responsible(partner_api, coalition):
    agreement = AgreementFactory(status="in_progress", responsible_organs=["presidency"])
    agreement.responsible_bodies.set([coalition["HN"]])
    AgreementFactory(status="fulfilled")
    body = partner_api.get("/api/v1/agreements/", {"country": "HN"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["status"] == "in_progress" and row["responsible_organs"] == ["presidency"]
    assert row["responsible_bodies"] == [{"acronym": "CICESCT", "country": "HN"}]
    assert partner_api.get("/api/v1/agreements/", {"status": "fulfilled"}).json()["count"] == 1
    assert partner_api.get("/api/v1/agreements/", {"organ": "presidency"}).json()["count"] == 1


def test_plan_tree_is_nested_with_measurements(partner_api, coalition):
    from plans.loaders import load_plan
    from plans.models import Indicator

    load_plan()
    indicator = Indicator.objects.order_by("pk").first()
    indicator.measurements.create(year=2019, value=3)
    body = partner_api.get("/api/v1/plan/").json()
    [plan] = body["results"]
    assert [a["number"] for a in plan["axes"]] == [1, 2, 3, 4]
    indicators = [
        i
        for a in plan["axes"]
        for o in a["objectives"]
        for r in o["results"]
        for i in r["indicators"]
    ]
    assert len(indicators) == Indicator.objects.count()
    [measured] = [i for i in indicators if i["id"] == indicator.pk]
    assert measured["measurements"] == [
        {
            "id": measured["measurements"][0]["id"],
            "year": 2019,
            "value": 3.0,
            "country": None,
            "source": "",
            "note": "",
        }
    ]
    one_axis = partner_api.get("/api/v1/plan/", {"axis": 2}).json()["results"][0]
    assert [a["number"] for a in one_axis["axes"]] == [2]


# --- Tokens -------------------------------------------------------------------------------


def test_tokens_are_stored_hashed(partner_token):
    stored = AuthToken.objects.get()
    assert partner_token.startswith("cr_")
    assert stored.digest != partner_token and partner_token not in stored.digest
    assert stored.user.username.startswith("api-") and not stored.user.has_usable_password()


def test_expired_token_is_refused(st_user, coalition):
    issued = api_token_create(
        user=st_user,
        label="Corto",
        scope=User.Role.PARTNER,
        agency="UNODC",
        expires_on=timezone.localdate() + dt.timedelta(days=1),
    )
    AuthToken.objects.filter(user=issued.account).update(
        expiry=timezone.now() - dt.timedelta(seconds=1)
    )
    assert_error(token_client(issued.token).get("/api/v1/countries/"), 401, "authentication_failed")


def test_revoked_token_is_refused_at_once(st_user, partner_token, partner_api):
    assert partner_api.get("/api/v1/countries/").status_code == 200
    account = AuthToken.objects.get().user
    api_token_revoke(user=st_user, account=account)
    assert_error(partner_api.get("/api/v1/countries/"), 401, "authentication_failed")
    account.refresh_from_db()
    assert account.is_active is False  # kept for the history


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"scope": "focal_point"}, "body_required"),
        ({"scope": "partner"}, "agency_required"),
        ({"scope": "st", "agency": "X"}, "scope_invalid"),
        ({"scope": "partner", "agency": "X", "days": 0}, "expiry_in_past"),
        ({"scope": "partner", "agency": "X", "days": 400}, "expiry_too_far"),
    ],
)
def test_token_rules(st_user, coalition, fields, code):
    from django.core.exceptions import ValidationError

    days = fields.pop("days", 30)
    with pytest.raises(ValidationError) as error:
        api_token_create(
            user=st_user,
            label="Etiqueta",
            expires_on=timezone.localdate() + dt.timedelta(days=days),
            **fields,
        )
    assert code in {e.code for errors in error.value.error_dict.values() for e in errors}


def test_only_st_issues_tokens(focal_point_hn, client):
    client.force_login(focal_point_hn)
    assert client.get("/members/api-tokens/").status_code == 403


def _issue_in_the_web(client, st_user, **fields):
    """ST's token form, for a token of 90 days."""
    client.force_login(st_user)
    expires_on = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    return client.post("/members/api-tokens/", {**fields, "expires_on": expires_on})


def test_st_creates_lists_and_revokes_tokens_in_the_web(st_user, client, coalition):
    response = _issue_in_the_web(
        client, st_user, label="Portal UNODC", scope="partner", agency="UNODC"
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = response.context["issued"].token
    assert raw in response.content.decode()
    assert token_client(raw).get("/api/v1/countries/").status_code == 200
    listing = client.get("/members/api-tokens/").content.decode()
    assert "Portal UNODC" in listing and raw not in listing  # shown once only
    account = User.objects.get(first_name="Portal UNODC")
    assert client.post(f"/members/api-tokens/{account.pk}/revoke/").status_code == 302
    assert token_client(raw).get("/api/v1/countries/").status_code == 401


def test_focal_point_token_form_needs_a_body(st_user, client, coalition):
    response = _issue_in_the_web(client, st_user, label="Sistema HN", scope="focal_point")
    assert response.status_code == 200
    assert response.context["form"].has_error("national_body", "body_required")


# --- Throttling, CORS, schema, docs -------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute", "anon": "2/minute"},
    }


def test_throttling_per_token(low_rates, partner_api, fp_hn_api, coalition):
    for _ in range(3):
        assert partner_api.get("/api/v1/countries/").status_code == 200
    response = partner_api.get("/api/v1/countries/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert fp_hn_api.get("/api/v1/countries/").status_code == 200  # another token


def test_throttling_per_anonymous_ip(low_rates, anon_api):
    for _ in range(2):
        assert anon_api.get("/api/v1/countries/").status_code == 401
    assert_error(anon_api.get("/api/v1/countries/"), 429, "throttled")
    other = anon_api.get("/api/v1/countries/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 401


def test_cors_only_for_configured_origins(settings, partner_api, coalition):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.org"]
    ok = partner_api.get("/api/v1/countries/", HTTP_ORIGIN="https://portal.example.org")
    assert ok["Access-Control-Allow-Origin"] == "https://portal.example.org"
    other = partner_api.get("/api/v1/countries/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = partner_api.options(
        "/api/v1/progress-reports/1/entries/",
        HTTP_ORIGIN="https://portal.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-match",
    )
    assert "if-match" in preflight["Access-Control-Allow-Headers"]


def test_schema_and_local_docs(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    doc = schema.json()
    assert doc["openapi"].startswith("3.")
    for path in READ_PATHS + MEMBER_PATHS:
        assert path in doc["paths"]
    assert "/api/v1/reports/" in doc["paths"]  # report jobs (issue 7)
    entries = doc["paths"]["/api/v1/progress-reports/{id}/entries/"]["post"]
    assert {"409", "412", "428"} <= set(entries["responses"])
    assert "knoxApiToken" in doc["components"]["securitySchemes"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()
