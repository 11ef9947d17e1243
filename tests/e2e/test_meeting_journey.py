"""Journey 2: a plenary run from the meeting page in a real browser. The Presidency creates
and convenes an ordinary meeting; an invited delegate answers from the meeting page and the
Presidency sees the answer; ST records attendance (5 member countries, one through an
accredited alternate, and 2 observers) and the page shows the quorum; the plenary moves an
item up (htmx) and approves the agenda, which is then locked; a motion is voted (an
observer's attempt is refused on screen, one vote is cast with the keyboard only), adopted
and numbered as an agreement; ST drafts and circulates the minutes — every invitee gets an
e-mail whose link opens them — which are locked once approved at the next meeting. Only the
people and their designations are set up with factories."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Agreement, Invitation, Meeting, Minutes, Motion
from members.loaders import load_coalition
from members.models import Designation, NationalBody, ObserverOrganisation, User
from members.tests.factories import DesignationFactory, PersonFactory, UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

FORMAT = "%Y-%m-%dT%H:%M"  # <input type=datetime-local>
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def cast(transactional_db) -> dict:
    """The users of the journey and the people ST records at the two meetings."""
    load_coalition()
    bodies = {b.country.iso_code: b for b in NationalBody.objects.select_related("country")}

    def designated(iso: str, role: str, first: str, last: str):
        person = PersonFactory(
            first_name=first,
            last_name=last,
            country=bodies[iso].country,
            email=f"{iso.lower()}-{role}@example.org",  # every invitee gets the e-mails
        )
        DesignationFactory(national_body=bodies[iso], person=person, role=role)
        return person

    titular, alternate = Designation.Role.TITULAR, Designation.Role.ALTERNATE
    people = {
        "GT": designated("GT", titular, "Ana", "Morales"),
        "HN": designated("HN", titular, "Carlos", "Reyes"),
        "SV": designated("SV", titular, "Lucía", "Campos"),
        "CR": designated("CR", titular, "Jorge", "Vargas"),
        "PA": designated("PA", titular, "Itzel", "Batista"),
        "PA-alt": designated("PA", alternate, "Ricardo", "Pinzón"),
    }
    # The OIM (a supporter) and UNODC (mentioned) are no observers in the sources; here the
    # Plenary has admitted both: only observers are invited and present as observers.
    ObserverOrganisation.objects.filter(acronym__in=["OIM", "UNODC"]).update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    organisations = [ObserverOrganisation.objects.get(acronym=a) for a in ("OIM", "UNODC")]
    observers = [
        PersonFactory(
            first_name=first,
            last_name=last,
            country=None,
            observer_organisation=org,
            email=f"{last.lower()}@example.org",
        )
        for org, (first, last) in zip(
            organisations, [("Marta", "Silva"), ("Pedro", "Ortiz")], strict=True
        )
    ]
    UserFactory(username="st", role=User.Role.SECRETARIAT)
    UserFactory(username="presidencia", role=User.Role.PRESIDENCY)
    UserFactory(
        username="observador",
        role=User.Role.OBSERVER,
        observer_organisation=organisations[0],
        person=observers[0],
    )
    UserFactory(
        username="delegado-hn",
        role=User.Role.DELEGATE,
        national_body=bodies["HN"],
        person=people["HN"],
    )
    return {
        "people": people,
        "observers": observers,
        "organisations": organisations,
        "countries": {iso: b.country for iso, b in bodies.items()},
    }


def as_user(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)


def submit_main_form(page) -> None:
    """The page's main form: the last visible submit button (a closed <details> may hold
    another form, e.g. the vote correction)."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]:visible").last.click()


def create_meeting(
    page, live_server, *, number: int, title: str, starts: dt.datetime, observers
) -> Meeting:
    """The Presidency fills the meeting form from the meetings list."""
    page.goto(f"{live_server.url}/meetings/")
    page.locator("main a[href='/meetings/new/']").click()
    page.select_option("#id_kind", Meeting.Kind.ORDINARY)
    page.fill("#id_number", str(number))
    page.fill("#id_title", title)
    page.fill("#id_starts_at", starts.strftime(FORMAT))
    page.fill("#id_ends_at", (starts + dt.timedelta(hours=8)).strftime(FORMAT))
    page.select_option("#id_modality", Meeting.Modality.IN_PERSON)
    page.fill("#id_city", "Tegucigalpa")
    for organisation in observers:
        page.check(f"input[name=invited_observers][value='{organisation.pk}']")
    submit_main_form(page)
    meeting = Meeting.objects.get(number=number)
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    assert meeting.status == Meeting.Status.DRAFT
    return meeting


def add_agenda_item(page, meeting: Meeting, title: str, kind: str, presenter: str = ""):
    page.locator(f"a[href='/meetings/{meeting.pk}/agenda/new/']").click()
    page.fill("#id_title", title)
    page.select_option("#id_kind", kind)
    if presenter:
        page.fill("#id_presenter", presenter)
    submit_main_form(page)
    return meeting.agenda_items.get(title=title)


def agenda_on_page(page) -> list[int]:
    """The agenda items' ids in the order the page lists them."""
    ids = page.locator("#agenda tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    return [int(i.removeprefix("agenda-item-")) for i in ids]


def agenda_in_db(meeting: Meeting) -> list[int]:
    return list(meeting.agenda_items.order_by("order").values_list("pk", flat=True))


def move_agenda_item(page, item: AgendaItem, direction: str) -> None:
    """The ↑/↓ button of an agenda row: htmx posts it and swaps _agenda.html in place; the
    page itself is not reloaded (a mark set on `window` survives)."""
    page.evaluate("() => { window.__notReloaded = true; }")
    button = page.locator(f"#agenda-item-{item.pk} form[action$='/move/{direction}/'] button")
    with page.expect_response(lambda r: r.url.endswith(f"/move/{direction}/")) as response:
        button.click()
    assert response.value.request.headers.get("hx-request") == "true"
    assert response.value.status == 200
    assert page.evaluate("() => window.__notReloaded === true")


def convene(page, meeting: Meeting) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/convene/'] button").click()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


def open_session(page, meeting: Meeting) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/status/'] button").click()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.IN_SESSION


def convene_and_open(page, meeting: Meeting) -> None:
    convene(page, meeting)
    open_session(page, meeting)


def record_arrival(page, person, capacity: str, accreditation: str = "") -> None:
    """ST's attendance form (htmx): the table is swapped in place, no page load."""
    form = page.locator("#attendance form[aria-label]")
    form.locator("#id_person").select_option(str(person.pk))
    form.locator("#id_capacity").select_option(capacity)
    if accreditation:
        form.locator("#id_accredited_for_meeting").check()
        form.locator("#id_accreditation_note").fill(accreditation)
    with page.expect_response(lambda r: r.url.endswith("/attendance/")) as response:
        form.locator("button[type=submit]").click()
    assert response.value.ok, (response.value.status, response.value.text()[:3000])
    expect(page.locator("#attendance tbody")).to_contain_text(person.full_name)


def focused(page) -> tuple[str, str, str]:
    name, outline, shadow = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.name || e.id || e.tagName, s.outlineStyle, s.boxShadow]; }"
    )
    return name, outline, shadow


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until `selector` has the focus; it must show a focus indicator (outline or
    Bootstrap's box-shadow ring)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            name, outline, shadow = focused(page)
            assert outline != "none" or shadow != "none", f"no visible focus on {name}"
            return
    raise AssertionError(f"{selector} not reachable with Tab")


def check_axe(page, live_server, axe, path: str, results: dict) -> None:
    """axe-core on `path` in Spanish and in English; the <html lang> must follow."""
    for lang in ("es", "en"):
        language(page, live_server, lang)
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == lang
        results[f"{path} [{lang}]"] = axe()
    language(page, live_server, "es")


def language(page, live_server, lang: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])


def test_journey2_presidency_runs_a_plenary_from_the_meeting_page(
    page, live_server, login, cast, shot, axe, mailoutbox, settings
):
    page.set_default_timeout(15_000)
    # The live server runs in this process: its e-mails land in mailoutbox (locmem) and
    # their links carry SITE_URL, here the live server's own address.
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    people, countries = cast["people"], cast["countries"]
    started = time.monotonic()
    axe_results: dict[str, list] = {}

    # The Presidency creates the meeting, puts a decision item and its motion on the agenda,
    # then the country reports, and convenes it (the notices go out).
    as_user(page, login, "presidencia")
    starts = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    meeting = create_meeting(
        page,
        live_server,
        number=20,
        title="XX Reunión Ordinaria",
        starts=starts,
        observers=cast["organisations"],
    )
    item = add_agenda_item(
        page, meeting, "Plan de trabajo regional 2027", "decision", "Secretaría Técnica"
    )
    page.locator(f"a[href='/meetings/{meeting.pk}/motions/new/']").click()
    page.select_option("#id_agenda_item", str(item.pk))
    page.fill("#id_text", "Aprobar el plan de trabajo regional 2027")
    page.select_option("#id_decision_method", Motion.Method.VOTE)
    page.select_option("#id_majority_rule", Motion.MajorityRule.SIMPLE)
    submit_main_form(page)
    motion = Motion.objects.get(agenda_item=item)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    reports = add_agenda_item(page, meeting, "Informes de los países miembros", "information")
    shot("journey2-01-meeting-draft")
    convene(page, meeting)
    assert meeting.invitations.count() == 8  # 6 designations in force, 2 observers
    convocations = [m for m in mailoutbox if m.attachments]
    assert sorted(m.to[0] for m in convocations) == sorted(
        meeting.invitations.values_list("email", flat=True)
    )

    # Honduras' titular delegate, invited, answers from the meeting page.
    as_user(page, login, "delegado-hn")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    rsvp = page.locator("#rsvp")
    expect(rsvp.locator("form[action$='/respond/'] button[value=accepted]")).to_be_visible()
    with page.expect_navigation():
        rsvp.locator("form[action$='/respond/'] button[value=accepted]").click()
    invitation = meeting.invitations.get(person=people["HN"])
    assert invitation.response == Invitation.Response.ACCEPTED
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("#rsvp strong")).to_have_text(invitation.get_response_display())
    assert page.locator("#agenda form[action*='/move/']").count() == 0  # not theirs to draft
    shot("journey2-01b-delegate-answered")

    # The Presidency sees the answer among the invitations, then opens the session.
    as_user(page, login, "presidencia")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    answered = page.locator("#invitations ~ div table tbody tr").filter(
        has_text=people["HN"].full_name
    )
    expect(answered.locator("td").nth(1)).to_have_text(invitation.get_response_display())
    assert meeting.invitations.filter(response=Invitation.Response.PENDING).count() == 7
    open_session(page, meeting)
    expect(page.locator("#quorum-box")).to_contain_text("0 / 9")

    # ST records who is present: 4 titulars, Panama's alternate accredited for this
    # meeting, and the representatives of the two invited observer organisations.
    as_user(page, login, "st")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    for iso in ("GT", "HN", "SV", "CR"):
        record_arrival(page, people[iso], "titular")
    expect(page.locator("#quorum-box [data-testid=represented]")).to_have_text("4")
    expect(page.locator("#quorum-box")).to_have_class(re.compile(r"\bborder-danger\b"))
    record_arrival(page, people["PA-alt"], "alternate", accreditation="Nota CNTP-PA-114/2026")
    for person in cast["observers"]:
        record_arrival(page, person, "observer")
    # 9 member countries → quorum 5; the box refreshes on the attendance change.
    quorum = page.locator("#quorum-box")
    expect(quorum.locator("[data-testid=represented]")).to_have_text("5")
    expect(quorum).to_contain_text("5 / 9")
    expect(quorum).to_have_class(re.compile(r"\bborder-success\b"))
    expect(quorum.locator(".text-success")).to_be_visible()
    expect(quorum).to_contain_text("CR, GT, HN, PA, SV")
    rows = page.locator("#attendance tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.filter(has_text="Pinzón").locator(".badge.text-bg-success")).to_be_visible()
    with page.expect_navigation():
        page.locator("form[action$='/quorum/verify/'] button").click()
    assert meeting.quorum_verifications.get().reached
    shot("journey2-02-quorum-reached")

    # The plenary hears the country reports before the decision: ST moves them up (the agenda
    # is swapped in place), the new order survives a reload, and the agenda is approved —
    # locked from then on.
    assert agenda_on_page(page).index(item.pk) < agenda_on_page(page).index(reports.pk)
    move_agenda_item(page, reports, "up")
    expect(page.locator("#agenda tbody tr").last).to_have_id(f"agenda-item-{item.pk}")
    assert agenda_on_page(page).index(reports.pk) == agenda_on_page(page).index(item.pk) - 1
    page.reload()
    assert agenda_on_page(page) == agenda_in_db(meeting)
    assert agenda_in_db(meeting).index(reports.pk) < agenda_in_db(meeting).index(item.pk)
    with page.expect_navigation():
        page.locator("form[action$='/agenda/approve/'] button").click()
    meeting.refresh_from_db()
    assert meeting.agenda_approved_at is not None
    assert page.locator("#agenda form[action*='/move/']").count() == 0
    assert agenda_on_page(page) == agenda_in_db(meeting)
    shot("journey2-02b-agenda-approved")

    # ST opens the vote: the voting screen. The first vote is entered with the keyboard only.
    with page.expect_navigation():
        page.locator(f"form[action='/meetings/motions/{motion.pk}/open/'] button").click()
    assert page.url.endswith(f"/meetings/motions/{motion.pk}/vote/")
    motion.refresh_from_db()
    assert sorted(motion.entitled_countries) == ["CR", "GT", "HN", "PA", "SV"]
    tab_to(page, "main form input[name=choice][value=yes]")
    page.keyboard.press("Space")
    assert page.locator("input[name=choice][value=yes]").is_checked()
    tab_to(page, "main form select[name=country]")
    page.keyboard.type(countries["GT"].name)
    assert page.locator("select[name=country]").input_value() == str(countries["GT"].pk)
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert motion.votes.get().country.iso_code == "GT"
    shot("journey2-03-keyboard-vote")
    for iso, choice in (("SV", "yes"), ("CR", "no"), ("PA", "abstain")):
        page.check(f"input[name=choice][value={choice}]")
        page.select_option("select[name=country]", str(countries[iso].pk))
        submit_main_form(page)
        expect(page.locator("main .alert-success")).to_be_visible()
    assert motion.votes.count() == 4
    check_axe(page, live_server, axe, f"/meetings/motions/{motion.pk}/vote/", axe_results)
    check_axe(page, live_server, axe, f"/meetings/{meeting.pk}/", axe_results)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    shot("journey2-04-meeting-375px")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # An observer present at the meeting has voice but no vote: the voting screen shows no
    # form, only why; a vote posted anyway (an old tab, a crafted request) is refused.
    as_user(page, login, "observador")
    vote_url = f"{live_server.url}/meetings/motions/{motion.pk}/vote/"
    page.goto(vote_url)
    assert page.locator("main input[name=choice]").count() == 0
    expect(page.locator("main .empty-state").first).to_be_visible()
    shot("journey2-05-observer-no-vote-form")
    token = page.evaluate(
        "() => JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']"
    )
    forced = page.request.post(vote_url, form={"choice": "yes"}, headers={"X-CSRFToken": token})
    assert forced.ok and "4.A.6" in forced.text()
    assert motion.votes.count() == 4

    # Honduras' titular delegate casts the country's vote from their own device.
    as_user(page, login, "delegado-hn")
    page.goto(f"{live_server.url}/meetings/motions/{motion.pk}/vote/")
    assert page.locator("select[name=country]").count() == 0  # their own country only
    page.check("input[name=choice][value=yes]")
    submit_main_form(page)
    expect(page.locator("main .alert-success")).to_be_visible()
    assert motion.votes.get(country__iso_code="HN").recorded_by_st is False

    # ST closes the vote: 3 yes of 5 entitled (3 required) → adopted, agreement CR-yyyy-01.
    as_user(page, login, "st")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.locator(f"form[action='/meetings/motions/{motion.pk}/close/'] button").click()
    motion.refresh_from_db()
    assert motion.outcome == Motion.Outcome.ADOPTED
    agreement = Agreement.objects.get(motion=motion)
    assert agreement.number == f"CR-{meeting.date.year}-01"
    motion_row = page.locator("#motions tbody tr").filter(has_text=motion.text)
    expect(motion_row).to_contain_text("3")
    expect(motion_row.locator("strong")).to_have_text(motion.get_outcome_display())
    shot("journey2-06-motion-adopted")
    motion_row.get_by_role("link", name=agreement.number).click()
    expect(page.locator("main")).to_contain_text(motion.text)
    page.goto(f"{live_server.url}/meetings/agreements/")
    expect(page.locator("main table")).to_contain_text(agreement.number)
    shot("journey2-07-agreement-register")

    # ST drafts the minutes from the records, writes the narrative and circulates them.
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.locator("form[action$='/minutes/generate/'] button").click()
    assert page.url.endswith(f"/meetings/{meeting.pk}/minutes/")
    expect(page.locator("main")).to_contain_text(agreement.number)
    page.fill("textarea[name=narrative]", "La Presidencia abrió la sesión a las 8:00.")
    with page.expect_navigation():
        page.locator("form:has(input[value=narrative]) button").click()
    sent_before = len(mailoutbox)
    with page.expect_navigation():
        page.locator("button[name=action][value=circulate]").click()
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.state == Minutes.State.CIRCULATED
    assert minutes.narrative.startswith("La Presidencia abrió")
    shot("journey2-08-minutes-circulated")

    # Every invitee gets one e-mail with the absolute link to the minutes.
    minutes_url = f"{live_server.url}/meetings/{meeting.pk}/minutes/"
    circulated = mailoutbox[sent_before:]
    assert sorted(m.to[0] for m in circulated) == sorted(
        meeting.invitations.values_list("email", flat=True)
    )
    assert all(LINK.findall(m.body) == [minutes_url] for m in circulated)

    # Honduras' delegate follows the link from their e-mail: sign in, then the minutes.
    to_hn = next(m for m in circulated if m.to == [people["HN"].email])
    page.context.clear_cookies()
    page.goto(LINK.findall(to_hn.body)[0])
    page.fill("#id_username", "delegado-hn")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url == minutes_url
    expect(page.locator("main")).to_contain_text(agreement.number)
    assert page.locator("textarea[name=narrative]").count() == 0  # theirs to comment on only

    # The Presidency closes the session and, at the next meeting, the plenary approves them.
    as_user(page, login, "presidencia")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.locator("form[action$='/status/'] button").click()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    following = create_meeting(
        page,
        live_server,
        number=21,
        title="XXI Reunión Ordinaria",
        starts=starts + dt.timedelta(days=182),
        observers=cast["organisations"],
    )
    reading = following.agenda_items.get(minutes_of=meeting)
    # Convening needs business beyond the opening items (meetings.rules.agenda_empty_refusal).
    page.locator(f"a[href='/meetings/{following.pk}/agenda/new/']").click()
    page.fill("#id_title", "Informes actualizados de los países miembros")
    page.select_option("#id_kind", "information")
    submit_main_form(page)
    convene_and_open(page, following)
    as_user(page, login, "st")
    page.goto(f"{live_server.url}/meetings/{following.pk}/")
    for iso in ("GT", "HN", "SV", "CR", "PA"):
        record_arrival(page, people[iso], "titular")
    expect(page.locator("#quorum-box [data-testid=represented]")).to_have_text("5")
    as_user(page, login, "presidencia")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    page.select_option("#id_agenda_item", str(reading.pk))
    with page.expect_navigation():
        page.locator("form:has(input[value=approve]) button").click()
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.APPROVED and minutes.is_locked
    assert minutes.approved_in == reading

    # ST finds them locked: no narrative to edit, only the audited reopening.
    as_user(page, login, "st")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    expect(page.locator("main .badge.text-bg-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(following.title)
    assert page.locator("textarea[name=narrative]").count() == 0
    assert page.locator("button[name=action][value=regenerate]").count() == 0
    expect(page.locator("details:has(input[value=reopen]) summary")).to_be_visible()
    shot("journey2-09-minutes-locked")
    print(f"journey 2: {time.monotonic() - started:.1f} s")

    for name, violations in axe_results.items():
        print(f"axe {name}: {len(violations)} serious/critical")
    assert {name: v for name, v in axe_results.items() if v} == {}
    assert width <= 376, f"the meeting page scrolls sideways at 375 px ({width} px)"
