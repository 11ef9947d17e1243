"""Drill (issue #10): every URL that is not public refuses an anonymous visitor.

The test walks the whole URL conf (django.urls.get_resolver, recursively through every
URLResolver and URLPattern, the admin and the API included), fills each path parameter
with a plausible value — the pk of an existing object of the kind the view is about, made
by the factories — and requests it without logging in. A page must redirect to the login
page (the admin's own login for the admin); an API endpoint must answer 401 or 403. Public
URLs are an explicit allow-list, each with its reason: a view added without a login check
fails this test until somebody decides it is public and says why.

A 404 is not a refusal: a view that looks an object up before checking who asks must fail
here, since with an existing object it would show it."""

from __future__ import annotations

import re
import sys
import types
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import (
    URLPattern,
    URLResolver,
    clear_url_caches,
    get_resolver,
    path,
    reverse,
)
from django.urls.resolvers import RegexPattern, RoutePattern

from communications.models import AccessLevel, PublicPost
from communications.services import public as post_services
from communications.tests.factories import DocumentFactory
from directories.loaders import load_legislation_dimensions
from directories.models import LegislationDimension
from meetings import services as meeting_services
from meetings.models import AgreementFollowUp, CountryReport, Invitation, Meeting, MeetingDocument
from meetings.tests.factories import (
    AgendaItemFactory,
    AgreementFactory,
    MeetingFactory,
    MotionFactory,
)
from members.models import Designation, User
from members.tests.factories import DesignationFactory, PersonFactory, UserFactory
from monitoring.models import Evidence
from monitoring.tests.factories import OPENS, activity, open_period, report_of, small_poa
from plans.models import Axis, StrategicPlan
from plans.tests.factories import (
    ActorFactory,
    AllianceFactory,
    GoodPracticeFactory,
    IndicatorFactory,
    InstrumentStageFactory,
    JointActionFactory,
    PlanInstrumentFactory,
    ReplicationFactory,
)
from reports import services as report_services

pytestmark = pytest.mark.django_db

# Public URLs (SPEC §1: "anonymous visitor — public pages: the coalition, member bodies, the
# plan and its published progress"), by name, with the reason each is open.
PUBLIC = {
    "home": "the coalition's landing page (a public version for visitors)",
    "privacy": "the privacy notice: what the platform holds and how to ask for export or erasure",
    "login": "signing in",
    "logout": "signing out (POST; harmless when not signed in)",
    "password_reset": "asking for a reset link by e-mail",
    "password_reset_done": "the 'link sent' page",
    "password_reset_confirm": "the e-mailed reset link (the token authenticates)",
    "password_reset_complete": "the 'password changed' page",
    "set_language": "choosing Spanish or English",
    "health": "for orchestrators and compose: says only OK or which service fails (issue 23)",
    "members:directory": "member countries and their bodies",
    "members:body-detail": "a member body (contacts only for members, checked in the view)",
    "members:observers": "observer organisations",
    "members:offices": "Presidency and Technical Secretariat over time",
    "members:legal-framework": "the legal instruments and national laws",
    "plans:overview": "the Strategic Plan",
    "plans:axis-detail": "an axis of the plan",
    "plans:indicator-detail": "an indicator of the plan",
    "plans:poa-matrix": "a published POA",
    "plans:activity-detail": "an activity of a published POA",
    "indicators:list": "the plan's indicators and their published progress",
    "indicators:detail": "one indicator's published progress",
    "results:list": "the results of closed periods the Technical Secretariat published (issue 17)",
    "meetings:rsvp": "the answer link of a convocation e-mail (the token authenticates)",
    "events:check-in": "an event participant's self check-in (the code identifies it; throttled)",
    "admin:login": "the admin's sign-in page",
    "admin:logout": "the admin's sign-out (POST)",
    "public:news": "news and statements the Technical Secretariat published (issue 18)",
    "public:news-feed": "their Atom feed",
    "public:news-detail": "one published news item or statement (drafts answer 404)",
    "public:events": "the coalition's events",
    "public:event-detail": "one published event",
    "public:publications": "the archive's public documents",
    "public:agreements": "the agreements the Plenary made public",
    "public:sitemap": "the public pages for search engines",
    "archive:list": "the archive: a visitor sees its public documents only (the access rule)",
    "archive:detail": "a public archive document (others answer 404 to a visitor)",
    "archive:download": "the file of a public archive document (others answer 404)",
    "legislation:matrix": "the comparative legislation: validated cells only (issue 19)",
    "legislation:reform-list": "the legislative reforms each country follows",
    "stats:trends": "the published regional statistics, suppressed below the threshold (issue 20)",
    "stats:country": "a country's published statistics (suppression as for every visitor)",
    "stats:origins": "the published origin → reporting-country table of a year",
    "stats:sdg": "the SDG 16.2.2 rates of a year, only where the numerator is published",
    "schema": "the API contract (OpenAPI) partners code against",
    "api-docs": "the API's documentation page",
}


@dataclass
class Route:
    name: str | None
    pattern: str  # as written, for messages
    params: dict[str, str]  # parameter → converter name ("int", "str", "uuid", "path", "re")
    parts: list  # the pattern objects from the root, to build unnamed URLs
    positional: int = 0  # unnamed regex groups (e.g. simple_history's admin URLs)


def walk(patterns=None, parts=(), namespace=None) -> Iterator[Route]:
    """Every URLPattern under the resolver, with its qualified name and parameters."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, (*parts, entry.pattern), ns)
            continue
        assert isinstance(entry, URLPattern)
        chain = [*parts, entry.pattern]
        params: dict[str, str] = {}
        positional = 0
        for p in chain:
            if isinstance(p, RoutePattern):
                for match in re.finditer(r"<(?:(\w+):)?(\w+)>", str(p)):
                    params[match.group(2)] = match.group(1) or "str"
            elif isinstance(p, RegexPattern):
                for group in p.regex.groupindex:
                    params[group] = "re"
                positional += p.regex.groups - len(p.regex.groupindex)
        name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
        yield Route(name, "".join(str(p) for p in chain), params, chain, positional)


@pytest.fixture
def objects(coalition, st_user, presidency_user, focal_point_hn):
    """One object of each kind a URL names, so a view that shows it would show it."""
    poa = small_poa()
    period = open_period(st_user, poa)
    report = report_of(period, coalition["HN"])
    entry = report.entries.order_by("pk").first()
    evidence = Evidence.objects.create(
        entry=entry, url="https://example.org/acta", uploaded_by=focal_point_hn
    )
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    item = AgendaItemFactory(meeting=meeting)
    motion = MotionFactory(agenda_item=item)
    designation = DesignationFactory(national_body=coalition["HN"], role=Designation.Role.ALTERNATE)
    attendance = meeting_services.attendance_record(
        user=st_user, meeting=meeting, person=designation.person, capacity="alternate"
    )
    agreement = AgreementFactory(meeting=meeting)
    follow_up = AgreementFollowUp.objects.create(
        agreement=agreement, note="Avance", author=st_user, date=OPENS
    )
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Informe", file="meetings/informe.pdf", uploaded_by=st_user
    )
    country_report = CountryReport.objects.create(
        meeting=meeting, country=coalition["HN"].country, text="Informe", submitted_by=st_user
    )
    invitation = Invitation.objects.create(
        meeting=meeting, person=designation.person, designation=designation
    )
    minutes = meeting_services.minutes_generate(user=st_user, meeting=meeting)
    job, _created = report_services.report_job_request_minutes(user=st_user, meeting=meeting)
    indicator = IndicatorFactory()
    instrument = PlanInstrumentFactory()
    plan = StrategicPlan.objects.filter(pk=poa.plan_id).get()
    axis = Axis.objects.filter(plan=plan).order_by("number").first()
    practice = GoodPracticeFactory(axis=axis, country=coalition["HN"].country)
    actor = ActorFactory()
    alliance = AllianceFactory(actor=actor)
    joint_action = JointActionFactory()
    token_user = UserFactory(role=User.Role.PARTNER)
    public_document = DocumentFactory(access=AccessLevel.PUBLIC)
    news = post_services.post_publish(
        by=st_user,
        post=post_services.post_create(
            by=st_user, kind=PublicPost.Kind.NEWS, title_es="Noticia", body_es="Texto."
        ),
    )
    event = post_services.post_publish(
        by=st_user,
        post=post_services.post_create(
            by=st_user,
            kind=PublicPost.Kind.EVENT,
            title_es="Evento",
            body_es="Texto.",
            starts_on=OPENS,
        ),
    )
    pks = {
        # members
        "members:designation-revoke": designation,
        "members:designation-letter": designation,
        "members:designation-letter-download": designation,
        "members:person-edit": PersonFactory(country=coalition["HN"].country),
        "members:api-token-revoke": token_user,
        # meetings
        "meetings:document-download": document,
        "meetings:attendance-depart": attendance,
        "meetings:attendance-accredit": attendance,
        "meetings:vote": motion,
        "meetings:motion-action": motion,
        "meetings:country-report-download": country_report,
        "meetings:agreement-detail": agreement,
        "meetings:agreement-edit": agreement,
        "meetings:follow-up-evidence": follow_up,
        # plans
        "plans:indicator-detail": indicator,
        "plans:measurement-create": indicator,
        "plans:item-edit": axis,
        "plans:weights-edit": axis,
        "plans:instrument-detail": instrument,
        "plans:instrument-edit": instrument,
        "plans:stage-create": instrument,
        "plans:stage-edit": InstrumentStageFactory(instrument=instrument),
        "plans:practice-detail": practice,
        "plans:practice-edit": practice,
        "plans:replication-create": practice,
        "plans:replication-edit": ReplicationFactory(
            practice=practice, country=coalition["GT"].country
        ),
        "plans:actor-detail": actor,
        "plans:actor-edit": actor,
        "plans:alliance-detail": alliance,
        "plans:alliance-edit": alliance,
        "plans:joint-action-detail": joint_action,
        "plans:joint-action-edit": joint_action,
        "plans:record-validate": instrument,
        "plans:record-evidence": instrument,
        "indicators:detail": indicator,
        # monitoring
        "monitoring:evidence-add": entry,
        "monitoring:evidence-download": evidence,
        "monitoring:evidence-remove": evidence,
        "history-detail": meeting,
        # communications
        "archive:detail": public_document,
        "archive:download": public_document.versions.get(),
        # API
        "api:country-detail": coalition["HN"].country,
        "api:national-body-detail": coalition["HN"],
        "api:designation-detail": designation,
        "api:plan-detail": plan,
        "api:poa-detail": poa,
        "api:operational-objective-detail": entry.activity.operational_objective,
        "api:activity-detail": entry.activity,
        "api:meeting-detail": meeting,
        "api:agreement-detail": agreement,
        "api:report-detail": job,
    }
    by_prefix = {
        "meetings:": meeting,
        "monitoring:period": period,
        "monitoring:matrix": period,
        "reports:job": job,
        "reports:progress-report": report,
        "monitoring:report": report,
        "api:reporting-period": period,
        "api:progress-report": report,
        "admin:": minutes,
    }
    values = {
        "acronym": coalition["HN"].acronym,
        "year": poa.year,
        "code": "1.1.1",
        "number": axis.number,
        "level": "axis",
        "kind": "instruments",
        "action": "open",
        "app_label": "meetings",
        "model_name": "meeting",
        "uidb64": "MQ",
        "activity": activity(poa, "1.1.1").pk,
        "content_type_id": "1",
        "object_id": str(minutes.pk),
        "url": "meetings/minutes/",
    }
    slugs = {"public:news-detail": news.slug, "public:event-detail": event.slug}
    load_legislation_dimensions()
    # Parameters a route names otherwise than the rest of the site.
    route_values = {
        "legislation:cell-edit": {
            "iso": "HN",
            "code": LegislationDimension.objects.order_by("position").first().code,
        },
        "stats:country": {"iso": "HN"},
    }
    return {
        "pks": pks,
        "by_prefix": by_prefix,
        "values": values,
        "slugs": slugs,
        "route_values": route_values,
        "invitation": invitation,
    }


def url_for(route: Route, objects: dict) -> str:
    kwargs = {}
    for param, converter in route.params.items():
        if param in objects["route_values"].get(route.name, {}):
            kwargs[param] = objects["route_values"][route.name][param]
        elif param == "pk":
            obj = objects["pks"].get(route.name)
            if obj is None:
                obj = next(
                    (
                        o
                        for p, o in objects["by_prefix"].items()
                        if (route.name or "").startswith(p)
                    ),
                    None,
                )
            kwargs[param] = obj.pk if obj is not None else 1
        elif converter == "uuid":
            kwargs[param] = objects["invitation"].token
        elif param == "token":
            kwargs[param] = "set-password"
        elif param == "slug" and route.name in objects["slugs"]:
            kwargs[param] = objects["slugs"][route.name]
        else:
            kwargs[param] = objects["values"].get(param, "1")
    if route.name and not route.positional:
        if route.name.startswith("admin:") and "app_label" in kwargs:
            kwargs["app_label"] = "members"
        return reverse(route.name, kwargs=kwargs)
    # Unnamed, or with unnamed groups (the admin's catch-all, the history admin): by hand.
    url = "/"
    for part in route.parts:
        text = str(part).lstrip("^").rstrip("$")
        for param, value in kwargs.items():
            text = re.sub(rf"\(\?P<{param}>[^)]*\)", str(value), text)
            text = re.sub(rf"<(?:\w+:)?{param}>", str(value), text)
        url += re.sub(r"\([^)]*\)", "1", text)
    return url


def anonymous_answer(client: Client, url: str):
    """GET; a view that only takes POST (405) is asked again with a POST."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


def refuses(route: Route, url: str, response) -> bool:
    is_api = url.startswith("/api/v1/")
    if is_api:
        return response.status_code in (401, 403)
    if response.status_code in (401, 403):
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    login = resolve_url(settings.LOGIN_URL)
    admin_login = reverse("admin:login")
    return location.startswith((login, admin_login))


def leaks(objects: dict) -> tuple[list[str], dict[str, int | str], int]:
    """URLs (name or pattern) that do not refuse an anonymous visitor, the status of each
    public URL, and the number of URLs walked."""
    client = Client(raise_request_exception=True)
    found, public, n = [], {}, 0
    for route in walk():
        n += 1
        url = url_for(route, objects)
        cache.clear()  # throttles of the API count anonymous requests by address
        response = anonymous_answer(client, url)
        key = route.name or route.pattern
        if route.name in PUBLIC:
            public[route.name] = (
                "refused" if refuses(route, url, response) else response.status_code
            )
            continue
        if not refuses(route, url, response):
            found.append(f"{key} {url} → {response.status_code}")
    return found, public, n


def test_every_non_public_url_refuses_an_anonymous_visitor(objects, capsys):
    found, public, n = leaks(objects)
    assert found == [], "URLs open to anonymous visitors:\n" + "\n".join(found)
    # The allow-list is kept honest: every entry still exists and is really open.
    assert set(PUBLIC) == set(public), set(PUBLIC) ^ set(public)
    closed = {name: status for name, status in public.items() if status not in (200, 302)}
    assert closed == {}, f"allow-listed but not open (remove them from PUBLIC): {closed}"
    with capsys.disabled():
        print(
            f"\n[drill] URL walk: {n} URLs, {n - len(public)} refuse anonymous access, "
            f"{len(public)} public by the allow-list, 0 leaks"
        )


def test_the_walk_catches_a_view_added_without_login(objects, settings):
    """A URL conf with one more view, without a login check: the walk must name it."""
    module = types.ModuleType(f"drill_urls_{uuid.uuid4().hex[:8]}")
    module.urlpatterns = [
        *get_resolver().url_patterns,
        path("drill-open/<int:pk>/", lambda request, pk: HttpResponse("open"), name="drill-open"),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    try:
        found, _public, _n = leaks(objects)
    finally:
        del sys.modules[module.__name__]
        clear_url_caches()
    assert len(found) == 1 and found[0].startswith("drill-open /drill-open/1/ → 200"), found


# --- django-axes ----------------------------------------------------------------------------
# members/tests/test_accounts.py already checks the lockout after five failures; this adds
# what the lock is keyed on (account + address) so one attacker cannot lock everyone out.


def test_axes_lockout_is_per_account_and_address(settings):
    UserFactory(username="ana", role=User.Role.SECRETARIAT)
    UserFactory(username="bea", role=User.Role.SECRETARIAT)
    attacker, office = "203.0.113.7", "198.51.100.20"
    login = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=attacker).post(login, {"username": "ana", "password": "wrong"})
    locked = Client(REMOTE_ADDR=attacker).post(
        login, {"username": "ana", "password": "secret-pass-123"}
    )
    assert locked.status_code == 429
    # Ana from her office, and Bea from the attacker's address, still sign in.
    for address, username in ((office, "ana"), (attacker, "bea")):
        client = Client(REMOTE_ADDR=address)
        response = client.post(login, {"username": username, "password": "secret-pass-123"})
        assert response.status_code == 302, (address, username, response.status_code)
        assert client.get(reverse("home")).context["user"].username == username
