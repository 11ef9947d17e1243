"""The follow-up of the Lineamientos (issue 22): the guidelines of 001 §5 as data, each
member country's checklist (its focal points update it, ST reviews it), the regional view,
and the Presidency's reorientation proposals put to the Plenary."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from common.testing import refused
from meetings.models import AgendaItem, Meeting
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Country, User
from members.selectors import member_countries_on
from members.tests.factories import (
    CommitteeFactory,
    CountryFactory,
    NationalBodyFactory,
    UserFactory,
)
from presidency.loaders import load_guidelines
from presidency.models import Guideline, GuidelineProgress, ReorientationProposal
from presidency.selectors import guidelines as selectors
from presidency.services import guidelines as services
from presidency.tests.factories import GuidelineProgressFactory, ReorientationProposalFactory

Status = GuidelineProgress.Status
Review = GuidelineProgress.Review


@pytest.fixture
def guidelines(db) -> dict[str, Guideline]:
    load_guidelines()
    return {g.code: g for g in Guideline.objects.all()}


@pytest.fixture
def hn(coalition) -> Country:
    return coalition["HN"].country


@pytest.fixture
def gt(coalition) -> Country:
    return coalition["GT"].country


def _update(user, country, guideline, *, version=1, submit=False, **values):
    fields = {"status": Status.IN_PROGRESS, "evidence": "Protocolo nacional 2026"} | values
    return services.progress_update(
        user=user,
        country=country,
        guideline=guideline,
        evidence_url=fields.pop("evidence_url", ""),
        comments=fields.pop("comments", ""),
        version=version,
        submit=submit,
        **fields,
    )


def _submitted(country, guideline, **values) -> GuidelineProgress:
    fields = {"status": Status.IMPLEMENTED, "evidence": "Decreto 12-2026"}
    fields |= {"review": Review.SUBMITTED} | values
    return GuidelineProgressFactory(country=country, guideline=guideline, **fields)


# --- The data -------------------------------------------------------------------------------


def test_the_guidelines_of_001_section_5_are_loaded_once(db):
    assert load_guidelines() == {"guidelines": 38}
    per_area = {area: Guideline.objects.filter(area=area).count() for area in Guideline.Area.values}
    assert per_area == {"A": 9, "B": 5, "C": 6, "D": 6, "E": 6, "F": 6}
    a1 = Guideline.objects.get(area="A", number=1)
    assert a1.text.startswith("La Coalición Regional deberá impulsar el diseño y ejecución")
    assert a1.source == "001 §5.A.1 (línea 170)"
    assert load_guidelines() == {"guidelines": 0}


def test_sub_items_and_the_cut_off_guideline_are_kept_as_the_source_gives_them(guidelines):
    a5 = guidelines["A.5"].text
    assert "a. Básico" in a5 and "b. Actualización" in a5 and "c. Especializado" in a5
    assert "b) El testimonio de las víctimas" in guidelines["D.5"].text
    assert "Unidades de Inteligencia Criminal" in guidelines["E.2"].text
    f6 = guidelines["F.6"]
    assert f6.text == "la identificación precisa de la ruta crítica regional y nacional respecto de"
    assert "incomplete" in f6.note
    assert all(len(g.summary_en) <= 300 and g.summary_en for g in guidelines.values())


# --- The checklist: who updates it ----------------------------------------------------------


def test_a_focal_point_is_refused_on_another_countrys_checklist(guidelines, focal_point_gt, hn):
    with refused("not_your_country"):
        _update(focal_point_gt, hn, guidelines["A.1"])
    assert not GuidelineProgress.objects.filter(country=hn).exists()


@pytest.mark.parametrize("role", ["st_user", "presidency_user", "delegate"])
def test_only_the_countrys_focal_point_updates_its_checklist(request, role, guidelines, hn):
    with refused("not_your_country"):
        _update(request.getfixturevalue(role), hn, guidelines["A.1"])


def test_a_country_that_is_not_a_member_today_keeps_no_checklist(guidelines):
    country = CountryFactory()
    assert not member_countries_on(timezone.localdate()).filter(pk=country.pk).exists()
    user = UserFactory(
        role=User.Role.FOCAL_POINT, national_body=NationalBodyFactory(country=country)
    )
    with refused("not_a_member"):
        _update(user, country, guidelines["A.1"])


def test_the_focal_point_records_a_line_and_an_unchanged_save_writes_nothing(
    guidelines, focal_point_hn, hn
):
    row = _update(focal_point_hn, hn, guidelines["B.1"])
    assert (row.status, row.review, row.updated_by) == (
        Status.IN_PROGRESS,
        Review.NOT_SUBMITTED,
        focal_point_hn,
    )
    version = row.version
    again = _update(focal_point_hn, hn, guidelines["B.1"], version=version)
    assert again.version == version
    # an untouched guideline creates no row
    services.progress_update(
        user=focal_point_hn,
        country=hn,
        guideline=guidelines["B.2"],
        status=Status.NOT_STARTED,
        evidence="",
        evidence_url="",
        comments="",
        version=1,
    )
    assert GuidelineProgress.objects.filter(country=hn).count() == 1


def test_a_stale_form_is_refused(guidelines, focal_point_hn, hn):
    row = _update(focal_point_hn, hn, guidelines["A.2"])
    _update(focal_point_hn, hn, guidelines["A.2"], version=row.version, comments="Primera")
    with refused("stale_version"):
        _update(focal_point_hn, hn, guidelines["A.2"], version=row.version, comments="Segunda")
    row.refresh_from_db()
    assert row.comments == "Primera"


def test_a_change_to_a_reviewed_line_goes_back_to_review(guidelines, focal_point_hn, hn):
    row = _submitted(hn, guidelines["C.1"], review=Review.REVIEWED)
    changed = _update(focal_point_hn, hn, guidelines["C.1"], version=row.version)
    assert changed.review == Review.NOT_SUBMITTED
    submitted = _update(
        focal_point_hn, hn, guidelines["C.1"], version=changed.version, comments="Más", submit=True
    )
    assert submitted.review == Review.SUBMITTED


def test_a_line_in_progress_needs_evidence_to_be_submitted(guidelines, focal_point_hn, hn):
    with refused("evidence_required") as exc:
        _update(focal_point_hn, hn, guidelines["A.3"], evidence="", submit=True)
    assert exc.value.params["guideline"] == "A.3"
    assert not GuidelineProgress.objects.filter(country=hn).exists()
    row = _update(focal_point_hn, hn, guidelines["A.3"], evidence="")
    assert row.review == Review.NOT_SUBMITTED
    with refused("evidence_required") as exc:
        services.progress_submit(user=focal_point_hn, country=hn)
    assert exc.value.params["guideline"] == "A.3"
    # a link is evidence too
    _update(
        focal_point_hn,
        hn,
        guidelines["A.3"],
        evidence="",
        evidence_url="https://example.org/protocolo",
        version=row.version,
    )
    assert services.progress_submit(user=focal_point_hn, country=hn) == 1


def test_submit_puts_every_changed_line_before_st(guidelines, focal_point_hn, focal_point_gt, hn):
    _update(focal_point_hn, hn, guidelines["A.1"])
    _update(focal_point_hn, hn, guidelines["B.1"], status=Status.NOT_APPLICABLE, evidence="")
    reviewed = _submitted(hn, guidelines["C.1"], review=Review.REVIEWED)
    with refused("not_your_country"):
        services.progress_submit(user=focal_point_gt, country=hn)
    assert services.progress_submit(user=focal_point_hn, country=hn) == 2
    assert set(GuidelineProgress.objects.filter(country=hn).values_list("review", flat=True)) == {
        Review.SUBMITTED,
        Review.REVIEWED,
    }
    reviewed.refresh_from_db()
    assert reviewed.review == Review.REVIEWED
    with refused("nothing_to_submit"):
        services.progress_submit(user=focal_point_hn, country=hn)


# --- ST's review ----------------------------------------------------------------------------


def test_st_accepts_or_returns_a_submitted_line(guidelines, st_user, hn):
    row = _submitted(hn, guidelines["D.1"])
    services.progress_review(user=st_user, progress=row, accept=True, note="", version=1)
    row.refresh_from_db()
    assert (row.review, row.reviewed_by) == (Review.REVIEWED, st_user)
    other = _submitted(hn, guidelines["D.2"])
    services.progress_review(
        user=st_user, progress=other, accept=False, note="Falta el enlace", version=1
    )
    other.refresh_from_db()
    assert (other.review, other.review_note) == (Review.RETURNED, "Falta el enlace")


@pytest.mark.parametrize("role", ["presidency_user", "focal_point_hn"])
def test_only_st_reviews(request, role, guidelines, hn):
    row = _submitted(hn, guidelines["D.1"])
    with refused("not_secretariat"):
        services.progress_review(
            user=request.getfixturevalue(role), progress=row, accept=True, note="", version=1
        )


@pytest.mark.parametrize("review", [Review.NOT_SUBMITTED, Review.REVIEWED, Review.RETURNED])
def test_st_reviews_only_lines_waiting(guidelines, st_user, hn, review):
    row = _submitted(hn, guidelines["D.3"], review=review, review_note="Nota")
    with refused("not_submitted_for_review"):
        services.progress_review(user=st_user, progress=row, accept=True, note="", version=1)


def test_returning_a_line_requires_a_note(guidelines, st_user, hn):
    row = _submitted(hn, guidelines["D.4"])
    with refused("note_required"):
        services.progress_review(user=st_user, progress=row, accept=False, note=" ", version=1)
    with refused("stale_version"):
        services.progress_review(user=st_user, progress=row, accept=True, note="", version=7)
    assert selectors.review_queue().filter(pk=row.pk).exists()


# --- Reads ----------------------------------------------------------------------------------


def test_the_checklist_lists_every_guideline_in_two_queries(
    guidelines, hn, django_assert_num_queries
):
    GuidelineProgressFactory(country=hn, guideline=guidelines["E.1"], status=Status.IMPLEMENTED)
    with django_assert_num_queries(2):
        areas = selectors.checklist(hn)
        lines = [line for area in areas for line in area.lines]
        statuses = {line.guideline.code: line.row.status for line in lines}
    assert [a.code for a in areas] == ["A", "B", "C", "D", "E", "F"]
    assert len(lines) == 38
    assert statuses["E.1"] == Status.IMPLEMENTED and statuses["E.2"] == Status.NOT_STARTED


def test_the_regional_view_counts_statuses_per_guideline_and_area(
    guidelines, hn, gt, django_assert_num_queries
):
    GuidelineProgressFactory(country=hn, guideline=guidelines["A.1"], status=Status.IMPLEMENTED)
    GuidelineProgressFactory(country=gt, guideline=guidelines["A.1"], status=Status.IN_PROGRESS)
    GuidelineProgressFactory(country=gt, guideline=guidelines["B.2"], status=Status.NOT_APPLICABLE)
    outsider = CountryFactory()  # not a member: not in the view
    GuidelineProgressFactory(
        country=outsider, guideline=guidelines["A.1"], status=Status.IMPLEMENTED
    )
    members = member_countries_on(timezone.localdate()).count()
    with django_assert_num_queries(3):
        view = selectors.regional_view()
    assert len(view.countries) == members
    areas = {a.code: a for a in view.areas}
    a1 = areas["A"].rows[0]
    assert a1.guideline.code == "A.1"
    assert a1.counts == {
        Status.NOT_STARTED: members - 2,
        Status.IN_PROGRESS: 1,
        Status.IMPLEMENTED: 1,
        Status.NOT_APPLICABLE: 0,
    }
    assert areas["A"].total == 9 * members
    assert areas["A"].counts[Status.IMPLEMENTED] == 1
    assert areas["B"].counts[Status.NOT_APPLICABLE] == 1
    cells = {c.country.iso_code: c for c in a1.cells}
    assert (cells["HN"].status, cells["GT"].status) == (Status.IMPLEMENTED, Status.IN_PROGRESS)


# --- Reorientation proposals ----------------------------------------------------------------


@pytest.fixture
def plenary(db) -> Meeting:
    return MeetingFactory(kind=Meeting.Kind.ORDINARY, status=Meeting.Status.CONVENED)


@pytest.fixture
def proposal(guidelines, presidency_user) -> ReorientationProposal:
    return services.proposal_create(
        user=presidency_user,
        title="Concentrar la prevención en la guía regional",
        rationale="Cinco países no han iniciado A.3.",
        proposal="Reorientar A.3 hacia un mecanismo regional único.",
        guideline=guidelines["A.3"],
    )


def test_only_the_presidency_and_st_propose(guidelines, focal_point_hn, st_user):
    with refused("not_presidency"):
        services.proposal_create(
            user=focal_point_hn, title="X", rationale="Y", proposal="Z", area="A"
        )
    made = services.proposal_create(
        user=st_user, title="Área B", rationale="Y", proposal="Z", area="B"
    )
    assert (made.status, made.area, made.guideline) == ("draft", "B", None)


def test_a_proposal_names_a_guideline_or_an_area(guidelines, presidency_user):
    with refused("target_required", field="__all__"):
        services.proposal_create(user=presidency_user, title="X", rationale="Y", proposal="Z")


def test_a_proposal_put_to_a_plenary_becomes_an_item_for_decision(
    proposal, presidency_user, plenary
):
    services.proposal_submit(user=presidency_user, proposal=proposal, meeting=plenary)
    proposal.refresh_from_db()
    item = proposal.agenda_item
    assert (proposal.status, proposal.meeting) == ("submitted", plenary)
    assert item.meeting == plenary and item.kind == AgendaItem.Kind.DECISION
    assert item.title == "Propuesta de reorientación: " + proposal.title
    assert (item.presenter, item.description) == ("Presidencia", proposal.proposal)
    with refused("not_draft"):
        services.proposal_update(
            user=presidency_user,
            proposal=proposal,
            version=proposal.version,
            title="Otro",
            rationale="Y",
            proposal_text="Z",
            area="A",
        )
    with refused("not_draft"):
        services.proposal_submit(user=presidency_user, proposal=proposal, meeting=plenary)


def test_a_proposal_goes_to_a_plenary_whose_agenda_takes_items(proposal, presidency_user):
    committee = MeetingFactory(
        kind=Meeting.Kind.COMMITTEE, committee=CommitteeFactory(), status=Meeting.Status.CONVENED
    )
    with refused("not_a_plenary"):
        services.proposal_submit(user=presidency_user, proposal=proposal, meeting=committee)
    approved = MeetingFactory(
        kind=Meeting.Kind.ORDINARY,
        status=Meeting.Status.CONVENED,
        agenda_approved_at=timezone.now(),
    )
    with refused("agenda_closed"):
        services.proposal_submit(user=presidency_user, proposal=proposal, meeting=approved)
    closed = MeetingFactory(kind=Meeting.Kind.EXTRAORDINARY, status=Meeting.Status.CLOSED)
    with refused("agenda_closed"):
        services.proposal_submit(user=presidency_user, proposal=proposal, meeting=closed)
    assert approved not in selectors.plenaries_taking_items()
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.agenda_item is None


def test_an_adopted_proposal_names_an_agreement_of_its_plenary(proposal, presidency_user, plenary):
    with refused("not_submitted"):
        services.proposal_decide(user=presidency_user, proposal=proposal, adopted=False)
    services.proposal_submit(user=presidency_user, proposal=proposal, meeting=plenary)
    with refused("agreement_required"):
        services.proposal_decide(user=presidency_user, proposal=proposal, adopted=True)
    elsewhere = AgreementFactory()
    with refused("agreement_other_meeting"):
        services.proposal_decide(
            user=presidency_user, proposal=proposal, adopted=True, agreement=elsewhere
        )
    agreement = AgreementFactory(meeting=plenary)
    services.proposal_decide(
        user=presidency_user, proposal=proposal, adopted=True, agreement=agreement
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.agreement) == ("adopted", agreement)
    with refused("not_withdrawable"):
        services.proposal_withdraw(user=presidency_user, proposal=proposal)


def test_withdrawing_a_proposal_takes_its_item_off_the_agenda(
    proposal, presidency_user, plenary, delegate
):
    services.proposal_submit(user=presidency_user, proposal=proposal, meeting=plenary)
    proposal.refresh_from_db()
    item_pk = proposal.agenda_item_id
    with refused("not_presidency"):
        services.proposal_withdraw(user=delegate, proposal=proposal)
    services.proposal_withdraw(user=presidency_user, proposal=proposal, version=proposal.version)
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and proposal.agenda_item is None
    assert not AgendaItem.objects.filter(pk=item_pk).exists()


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("st_user", 200),
        ("presidency_user", 200),
        ("focal_point_hn", 200),
        ("focal_point_gt", 200),
        ("delegate", 200),
        ("observer", 403),
        ("partner", 403),
    ],
)
def test_the_regional_view_per_role(client, request, guidelines, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("presidency:guidelines-regional"))
    assert response.status_code == expected
    if expected == 200:
        a1 = reverse("presidency:guidelines-guideline", args=["A", 1])
        assert a1 in response.content.decode()
        assert client.get(a1).status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("st_user", 200),
        ("presidency_user", 200),
        ("focal_point_hn", 200),
        ("delegate", 200),
        ("focal_point_gt", 404),
        ("observer", 404),
        ("partner", 404),
    ],
)
def test_the_honduras_checklist_per_role(client, request, guidelines, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("presidency:guidelines-country", args=["HN"]))
    assert response.status_code == expected


def _area_post(lines, **changes) -> dict:
    data = {}
    for line in lines:
        prefix = f"g{line.guideline.area}{line.guideline.number}"
        data |= {
            f"{prefix}-status": line.row.status,
            f"{prefix}-evidence": line.row.evidence,
            f"{prefix}-evidence_url": line.row.evidence_url,
            f"{prefix}-comments": line.row.comments,
            f"{prefix}-version": line.row.version,
        }
    for key, value in changes.items():
        data[key.replace("__", "-")] = value
    return data


def test_another_countrys_focal_point_gets_404_on_the_area_page_and_its_post(
    client, guidelines, focal_point_gt, hn
):
    client.force_login(focal_point_gt)
    url = reverse("presidency:guidelines-country-area", args=["HN", "A"])
    assert client.get(url).status_code == 404
    lines = selectors.checklist(hn, area="A")[0].lines
    response = client.post(url, _area_post(lines, gA1__status=Status.IMPLEMENTED))
    assert response.status_code == 404
    assert not GuidelineProgress.objects.filter(country=hn).exists()
    assert client.get(reverse("presidency:guidelines-submit", args=["HN"])).status_code == 404


@pytest.mark.parametrize("role", ["st_user", "presidency_user", "delegate"])
def test_readers_of_the_checklist_cannot_edit_it(client, request, guidelines, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("presidency:guidelines-country-area", args=["HN", "A"])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_the_focal_point_updates_an_area_on_one_page(client, guidelines, focal_point_hn, hn):
    client.force_login(focal_point_hn)
    url = reverse("presidency:guidelines-country-area", args=["HN", "B"])
    page = client.get(url)
    assert page.status_code == 200 and len(page.context["forms"]) == 5
    lines = selectors.checklist(hn, area="B")[0].lines
    # in progress without evidence, submitted: refused, nothing saved, the error shown
    bad = _area_post(lines, gB1__status=Status.IN_PROGRESS, submit="on")
    response = client.post(url, bad)
    assert response.status_code == 200
    assert response.context["forms"][0].has_error("__all__", "evidence_required")
    assert not GuidelineProgress.objects.filter(country=hn).exists()
    good = _area_post(
        lines,
        gB1__status=Status.IN_PROGRESS,
        gB1__evidence="Guía nacional de indicadores",
        gB3__status=Status.NOT_APPLICABLE,
    )
    response = client.post(url, good)
    assert response.status_code == 302
    saved = dict(
        GuidelineProgress.objects.filter(country=hn).values_list("guideline__number", "review")
    )
    assert saved == {1: Review.NOT_SUBMITTED, 3: Review.NOT_SUBMITTED}
    response = client.post(reverse("presidency:guidelines-submit", args=["HN"]))
    assert response.status_code == 302
    assert set(GuidelineProgress.objects.filter(country=hn).values_list("review", flat=True)) == {
        Review.SUBMITTED
    }


def test_st_reviews_from_its_queue(client, guidelines, st_user, presidency_user, hn):
    row = _submitted(hn, guidelines["F.1"])
    client.force_login(presidency_user)
    assert client.get(reverse("presidency:guidelines-review")).status_code == 403
    client.force_login(st_user)
    queue = client.get(reverse("presidency:guidelines-review"))
    item = reverse("presidency:guidelines-review-item", args=[row.pk])
    assert item in queue.content.decode()
    response = client.post(item, {"version": 1, "note": "", "action": "return"})
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.review == Review.SUBMITTED
    response = client.post(item, {"version": 1, "note": "Falta el decreto", "action": "return"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.review == Review.RETURNED


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("st_user", 200),
        ("presidency_user", 200),
        ("focal_point_hn", 403),
        ("delegate", 403),
        ("observer", 403),
        ("partner", 403),
    ],
)
def test_the_new_proposal_page_per_role(client, request, guidelines, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("presidency:guidelines-proposal-create"))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("focal_point_gt", 200), ("delegate", 200), ("observer", 403), ("partner", 403)],
)
def test_the_proposals_are_read_by_the_members_side(client, request, guidelines, role, expected):
    made = ReorientationProposalFactory(guideline=guidelines["A.1"])
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("presidency:guidelines-proposals")).status_code == expected
    detail = reverse("presidency:guidelines-proposal-detail", args=[made.pk])
    assert client.get(detail).status_code == expected
    assert (
        client.get(reverse("presidency:guidelines-proposal-withdraw", args=[made.pk])).status_code
        == 403
    )


def test_the_presidency_puts_a_proposal_to_a_plenary_from_its_pages(
    client, guidelines, presidency_user, plenary
):
    client.force_login(presidency_user)
    response = client.post(
        reverse("presidency:guidelines-proposal-create"),
        {
            "title": "Reorientar la detección",
            "guideline": guidelines["B.1"].pk,
            "area": "",
            "rationale": "Pocos avances.",
            "proposal": "Priorizar la guía de indicadores.",
        },
    )
    made = ReorientationProposal.objects.get(title="Reorientar la detección")
    assert response.status_code == 302 and made.area == "B"
    submit = reverse("presidency:guidelines-proposal-submit", args=[made.pk])
    assert client.get(submit).status_code == 200
    response = client.post(submit, {"meeting": plenary.pk, "version": made.version})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.agenda_item.meeting == plenary
    decide = reverse("presidency:guidelines-proposal-decide", args=[made.pk])
    response = client.post(decide, {"adopted": "yes", "agreement": "", "version": made.version})
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "agreement_required")
    withdraw = reverse("presidency:guidelines-proposal-withdraw", args=[made.pk])
    response = client.post(withdraw, {"version": made.version})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == "withdrawn" and made.agenda_item is None


def test_the_confirmation_and_form_pages_render(
    client, guidelines, presidency_user, focal_point_hn, hn, plenary
):
    _update(focal_point_hn, hn, guidelines["A.1"])
    client.force_login(focal_point_hn)
    page = client.get(reverse("presidency:guidelines-submit", args=["HN"]))
    assert page.status_code == 200 and page.context["to_submit"] == 1
    made = ReorientationProposalFactory(guideline=guidelines["A.1"], created_by=presidency_user)
    client.force_login(presidency_user)
    for name in ("edit", "submit", "withdraw", "detail"):
        url = reverse(f"presidency:guidelines-proposal-{name}", args=[made.pk])
        assert client.get(url).status_code == 200, name
    services.proposal_submit(user=presidency_user, proposal=made, meeting=plenary)
    decide = reverse("presidency:guidelines-proposal-decide", args=[made.pk])
    assert client.get(decide).status_code == 200
    # a draft's edit page is closed once it is put to a plenary
    edit = reverse("presidency:guidelines-proposal-edit", args=[made.pk])
    assert client.get(edit).status_code == 403
