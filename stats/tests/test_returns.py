"""The statistics returns' services (issue 20): entry by the country's focal point, checks
that breakdowns add up (named per cell), whole non-negative counts, the workflow draft →
submitted → validated → published (or back to the country), history and stale forms."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from common.testing import refused
from members.models import Country
from members.tests.factories import UserFactory
from stats import services
from stats.cells import TOTAL, cell_code
from stats.loaders import load_cube
from stats.models import Figure, StatisticsReturn
from stats.permissions import can_read_exact, can_review
from stats.selectors.returns import cube_layout, return_figures, return_list
from stats.tests.factories import StatisticsReturnFactory, complete_figures

State = StatisticsReturn.State
V = "victims_identified"


@pytest.fixture(autouse=True)
def cube(db):
    load_cube()


@pytest.fixture
def hn_return(focal_point_hn):
    return services.return_create(
        user=focal_point_hn, country=Country.objects.get(iso_code="HN"), year=2024
    )


@pytest.fixture
def layout(cube):
    return cube_layout()


def _in_state(statistics_return, state):
    StatisticsReturn.objects.filter(pk=statistics_return.pk).update(state=state)
    statistics_return.refresh_from_db()
    return statistics_return


def _fill(user, statistics_return, figures):
    return services.figures_save(
        user=user,
        statistics_return=statistics_return,
        figures=figures,
        expected_version=statistics_return.version,
    )


def _errors(exc) -> dict[str, list[tuple[str, dict]]]:
    return {
        key: [(e.code, e.params) for e in errors] for key, errors in exc.value.error_dict.items()
    }


# --- Creating a return -------------------------------------------------------------------


def test_a_focal_point_opens_their_countrys_return(focal_point_hn):
    hn = Country.objects.get(iso_code="HN")
    created = services.return_create(user=focal_point_hn, country=hn, year=2024)
    assert (created.country, created.year, created.semester, created.state) == (
        hn,
        2024,
        None,
        State.DRAFT,
    )
    assert created.history.first().history_user == focal_point_hn


def test_a_focal_point_cannot_open_another_countrys_return(focal_point_gt):
    with refused("not_your_country"):
        services.return_create(
            user=focal_point_gt, country=Country.objects.get(iso_code="HN"), year=2024
        )


def test_st_does_not_enter_a_countrys_return(st_user):
    with refused("not_your_country"):
        services.return_create(user=st_user, country=Country.objects.get(iso_code="HN"), year=2024)


def test_a_second_return_for_the_same_year_is_refused(focal_point_hn, hn_return):
    with refused("return_exists"):
        services.return_create(user=focal_point_hn, country=hn_return.country, year=2024)


def test_a_year_is_reported_whole_or_by_semester_not_both(focal_point_hn, hn_return):
    with refused("period_overlaps"):
        services.return_create(
            user=focal_point_hn, country=hn_return.country, year=2024, semester=1
        )
    services.return_create(user=focal_point_hn, country=hn_return.country, year=2023, semester=1)
    with refused("period_overlaps"):
        services.return_create(user=focal_point_hn, country=hn_return.country, year=2023)


@pytest.mark.parametrize("year", [1999, 3000])
def test_a_year_out_of_range_is_refused(focal_point_hn, year):
    with refused("year_invalid", field="year"):
        services.return_create(
            user=focal_point_hn, country=Country.objects.get(iso_code="HN"), year=year
        )


def test_a_semester_is_one_or_two(focal_point_hn):
    with refused("semester_invalid", field="semester"):
        services.return_create(
            user=focal_point_hn, country=Country.objects.get(iso_code="HN"), year=2024, semester=3
        )


# --- Entering figures --------------------------------------------------------------------


def test_figures_are_saved_with_their_history(focal_point_hn, hn_return):
    female = cell_code({"sex": "female"})
    saved = _fill(focal_point_hn, hn_return, {(V, TOTAL): 12, (V, female): 7})
    assert return_figures(saved) == {(V, TOTAL): 12, (V, female): 7}
    assert saved.version == 2
    _fill(focal_point_hn, saved, {(V, female): 8, (V, TOTAL): None})
    figure = Figure.objects.get(cell=female)
    assert figure.value == 8 and figure.breakdown == "sex"
    assert [h.value for h in figure.history.all()] == [8, 7]
    assert all(h.history_user == focal_point_hn for h in figure.history.all())
    assert Figure.history.filter(cell=TOTAL, history_type="-").count() == 1
    assert not Figure.objects.filter(cell=TOTAL).exists()


def test_a_focal_point_is_refused_on_another_countrys_figures(focal_point_gt, hn_return):
    with refused("not_your_country"):
        _fill(focal_point_gt, hn_return, {(V, TOTAL): 3})
    assert not Figure.objects.exists()


def test_st_cannot_change_a_countrys_figures(st_user, hn_return):
    with refused("not_your_country"):
        _fill(st_user, hn_return, {(V, TOTAL): 3})


@pytest.mark.parametrize(
    ("value", "code"),
    [(-1, "negative"), (2.5, "not_whole"), ("3", "not_whole"), (True, "not_whole")],
)
def test_a_count_is_whole_and_not_negative(focal_point_hn, hn_return, value, code):
    with pytest.raises(ValidationError) as exc:
        _fill(focal_point_hn, hn_return, {(V, TOTAL): value})
    assert _errors(exc)[f"{V}:total"][0][0] == code


def test_a_whole_float_is_taken_as_its_integer(focal_point_hn, hn_return):
    _fill(focal_point_hn, hn_return, {(V, TOTAL): 4.0})
    assert return_figures(hn_return) == {(V, TOTAL): 4}


@pytest.mark.parametrize(
    ("measure", "cell"),
    [
        ("no_such_measure", TOTAL),
        (V, "crime=trafficking"),  # not a breakdown of victims
        (V, "sex=other"),  # not a value of sex
        (V, "age=0-11;sex=female"),  # a two-way breakdown takes top-level bands only
        (V, "citizenship=XX"),  # not an ISO 3166 code
        (V, "citizenship=hn"),  # ISO codes are upper case
        (V, "sex"),  # not a cell
    ],
)
def test_an_unknown_cell_is_refused_with_its_code(focal_point_hn, hn_return, measure, cell):
    with pytest.raises(ValidationError) as exc:
        _fill(focal_point_hn, hn_return, {(measure, cell): 1})
    assert _errors(exc)[f"{measure}:{cell or 'total'}"][0][0] == "unknown_cell"


def test_any_country_is_a_citizenship(focal_point_hn, hn_return):
    _fill(focal_point_hn, hn_return, {(V, "citizenship=VE"): 2, (V, "citizenship=unknown"): 1})
    assert len(return_figures(hn_return)) == 2


def test_nothing_is_half_saved_when_one_value_is_wrong(focal_point_hn, hn_return):
    with pytest.raises(ValidationError) as exc:
        _fill(
            focal_point_hn,
            hn_return,
            {(V, TOTAL): 5, (V, "sex=female"): -2, (V, "sex=male"): 1.5},
        )
    assert set(_errors(exc)) == {f"{V}:sex=female", f"{V}:sex=male"}
    assert not Figure.objects.exists()
    hn_return.refresh_from_db()
    assert hn_return.version == 1


def test_a_stale_form_is_refused(focal_point_hn, hn_return):
    _fill(focal_point_hn, hn_return, {(V, TOTAL): 5})
    with refused("stale_version"):
        services.figures_save(
            user=focal_point_hn,
            statistics_return=hn_return,
            figures={(V, TOTAL): 6},
            expected_version=1,
        )
    assert return_figures(hn_return) == {(V, TOTAL): 5}


def test_replace_clears_the_figures_not_given(focal_point_hn, hn_return):
    _fill(focal_point_hn, hn_return, {(V, TOTAL): 5, (V, "sex=male"): 5})
    hn_return.refresh_from_db()
    services.figures_save(
        user=focal_point_hn,
        statistics_return=hn_return,
        figures={(V, TOTAL): 6},
        expected_version=hn_return.version,
        replace=True,
    )
    assert return_figures(hn_return) == {(V, TOTAL): 6}


# --- Checks on submission ----------------------------------------------------------------


@pytest.fixture
def complete(layout):
    return complete_figures(layout)


def _submit(user, statistics_return):
    statistics_return.refresh_from_db()
    return services.return_submit(
        user=user, statistics_return=statistics_return, expected_version=statistics_return.version
    )


def test_a_complete_return_that_adds_up_is_submitted(focal_point_hn, hn_return, complete):
    _fill(focal_point_hn, hn_return, complete)
    submitted = _submit(focal_point_hn, hn_return)
    assert submitted.state == State.SUBMITTED and submitted.submitted_at


def test_breakdown_consistency_errors_are_named_per_cell(focal_point_hn, hn_return, complete):
    complete[V, "sex=female"] = 15  # sex: 15 + 0 + 0 ≠ 20
    complete[V, "age=0-11"] = 2  # children's bands: 2 + 10 ≠ 20
    complete[V, "age=0-17;sex=male"] = 1  # the male row of sex × age: 1 ≠ 0
    del complete[V, "exploitation=unknown"]  # a category missing
    del complete["investigations", TOTAL]  # a total missing
    complete["investigations", "crime=trafficking"] = 3  # crime has no "unknown": on the total
    _fill(focal_point_hn, hn_return, complete)
    with pytest.raises(ValidationError) as exc:
        _submit(focal_point_hn, hn_return)
    errors = _errors(exc)
    assert {k: [code for code, _ in v] for k, v in errors.items()} == {
        f"{V}:sex=unknown": ["breakdown_sum"],
        f"{V}:age=0-17": ["finer_sum"],
        f"{V}:age=unknown;sex=female": ["two_way_sum"],  # its row: 20, sex says 15
        f"{V}:age=unknown;sex=male": ["two_way_sum"],  # its row: 1, sex says 0
        f"{V}:age=0-17;sex=unknown": ["two_way_sum"],  # the children's column: 21, age says 20
        f"{V}:exploitation=unknown": ["cell_missing"],
        "investigations:total": ["total_missing"],
    }
    code, params = errors[f"{V}:sex=unknown"][0]
    assert params["measure"] == V and params["cell"] == "sex=unknown"
    assert (params["sum"], params["total"]) == (15, 20)
    assert errors[f"{V}:age=0-17"][0][1]["sum"] == 12
    hn_return.refresh_from_db()
    assert hn_return.state == State.DRAFT


def test_a_breakdown_without_unknown_names_the_total(focal_point_hn, hn_return, complete):
    complete["prosecutions", "crime=smuggling"] = 4
    _fill(focal_point_hn, hn_return, complete)
    with pytest.raises(ValidationError) as exc:
        _submit(focal_point_hn, hn_return)
    errors = _errors(exc)
    assert list(errors) == ["prosecutions:total"]
    assert errors["prosecutions:total"][0][0] == "breakdown_sum"
    assert errors["prosecutions:total"][0][1]["sum"] == 24


def test_every_category_of_every_breakdown_is_entered(focal_point_hn, hn_return, complete):
    del complete[V, "age=18+;sex=female"]
    del complete["smuggled_migrants", "citizenship=unknown"]
    _fill(focal_point_hn, hn_return, complete)
    with pytest.raises(ValidationError) as exc:
        _submit(focal_point_hn, hn_return)
    assert {k: [c for c, _ in v] for k, v in _errors(exc).items()} == {
        f"{V}:age=18+;sex=female": ["cell_missing"],
        "smuggled_migrants:citizenship=unknown": ["cell_missing"],
    }


def test_finer_bands_may_be_left_out_altogether(focal_point_hn, hn_return, complete):
    for band in ("0-11", "12-17", "18-29", "30-59", "60+"):
        complete.pop((V, f"age={band}"), None)
        complete.pop(("smuggled_migrants", f"age={band}"), None)
    _fill(focal_point_hn, hn_return, complete)
    assert _submit(focal_point_hn, hn_return).state == State.SUBMITTED


def test_an_empty_return_is_not_complete(focal_point_hn, hn_return):
    with pytest.raises(ValidationError) as exc:
        _submit(focal_point_hn, hn_return)
    codes = {c for v in _errors(exc).values() for c, _ in v}
    assert codes == {"total_missing", "cell_missing"}
    assert "convictions:total" in _errors(exc)


def test_citizenship_adds_up_over_the_countries_entered(focal_point_hn, hn_return, complete):
    complete[V, "citizenship=GT"] = 12
    complete[V, "citizenship=NI"] = 5
    complete[V, "citizenship=unknown"] = 2
    _fill(focal_point_hn, hn_return, complete)
    with pytest.raises(ValidationError) as exc:
        _submit(focal_point_hn, hn_return)
    assert _errors(exc)[f"{V}:citizenship=unknown"][0][0] == "breakdown_sum"
    complete[V, "citizenship=unknown"] = 3
    _fill(focal_point_hn, hn_return, complete)
    assert _submit(focal_point_hn, hn_return).state == State.SUBMITTED


# --- The workflow: every state × action --------------------------------------------------

ACTIONS = ["save", "submit", "validate", "send_back", "publish"]
# state → action → None (allowed) or the refusal's code, for the right person.
ALLOWED = {
    State.DRAFT: {
        "save": None,
        "submit": None,
        "validate": "not_submitted",
        "send_back": "not_reviewable",
        "publish": "not_validated",
    },
    State.SUBMITTED: {
        "save": "not_editable",
        "submit": "not_submittable",
        "validate": None,
        "send_back": None,
        "publish": "not_validated",
    },
    State.RETURNED: {
        "save": None,
        "submit": None,
        "validate": "not_submitted",
        "send_back": "not_reviewable",
        "publish": "not_validated",
    },
    State.VALIDATED: {
        "save": "not_editable",
        "submit": "not_submittable",
        "validate": "not_submitted",
        "send_back": None,
        "publish": None,
    },
    State.PUBLISHED: {
        "save": "not_editable",
        "submit": "not_submittable",
        "validate": "not_submitted",
        "send_back": "not_reviewable",
        "publish": "not_validated",
    },
}
AFTER = {
    "submit": State.SUBMITTED,
    "validate": State.VALIDATED,
    "send_back": State.RETURNED,
    "publish": State.PUBLISHED,
}


def _act(action, user, statistics_return, figures):
    statistics_return.refresh_from_db()
    version = statistics_return.version
    if action == "save":
        return services.figures_save(
            user=user,
            statistics_return=statistics_return,
            figures=figures,
            expected_version=version,
        )
    if action == "send_back":
        return services.return_send_back(
            user=user,
            statistics_return=statistics_return,
            note="Fix sex.",
            expected_version=version,
        )
    service = getattr(services, f"return_{action}")
    return service(user=user, statistics_return=statistics_return, expected_version=version)


@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_and_action(focal_point_hn, st_user, hn_return, complete, state, action):
    _fill(focal_point_hn, hn_return, complete)
    statistics_return = _in_state(hn_return, state)
    user = focal_point_hn if action in ("save", "submit") else st_user
    expected = ALLOWED[state][action]
    if expected is None:
        done = _act(action, user, statistics_return, complete)
        assert done.state == AFTER.get(action, state)
        assert done.history.first().history_user == user
    else:
        with refused(expected):
            _act(action, user, statistics_return, complete)
        statistics_return.refresh_from_db()
        assert statistics_return.state == state


@pytest.mark.parametrize("action", ["validate", "send_back", "publish"])
def test_only_st_reviews(focal_point_hn, hn_return, complete, action):
    _fill(focal_point_hn, hn_return, complete)
    state = State.VALIDATED if action == "publish" else State.SUBMITTED
    with refused("secretariat_only"):
        _act(action, focal_point_hn, _in_state(hn_return, state), complete)


@pytest.mark.parametrize("action", ["save", "submit"])
def test_another_countrys_focal_point_cannot_submit_or_save(
    focal_point_gt, focal_point_hn, hn_return, complete, action
):
    _fill(focal_point_hn, hn_return, complete)
    with refused("not_your_country"):
        _act(action, focal_point_gt, hn_return, complete)


def test_sending_back_needs_a_note(st_user, focal_point_hn, hn_return, complete):
    _fill(focal_point_hn, hn_return, complete)
    submitted = _submit(focal_point_hn, hn_return)
    with refused("note_required", field="note"):
        services.return_send_back(
            user=st_user, statistics_return=submitted, note="  ", expected_version=submitted.version
        )
    returned = services.return_send_back(
        user=st_user,
        statistics_return=submitted,
        note="Sex does not add up.",
        expected_version=submitted.version,
    )
    assert returned.state == State.RETURNED and returned.return_note == "Sex does not add up."


@pytest.mark.parametrize("action", ["submit", "validate", "send_back", "publish"])
def test_every_transition_claims_the_version(focal_point_hn, st_user, hn_return, complete, action):
    _fill(focal_point_hn, hn_return, complete)
    state = {"submit": State.DRAFT, "publish": State.VALIDATED}.get(action, State.SUBMITTED)
    statistics_return = _in_state(hn_return, state)
    user = focal_point_hn if action == "submit" else st_user
    kwargs = {"note": "x"} if action == "send_back" else {}
    with refused("stale_version"):
        getattr(services, f"return_{action}")(
            user=user, statistics_return=statistics_return, expected_version=1, **kwargs
        )


def test_a_full_round(focal_point_hn, st_user, hn_return, complete):
    _fill(focal_point_hn, hn_return, complete)
    r = _submit(focal_point_hn, hn_return)
    r = services.return_send_back(
        user=st_user, statistics_return=r, note="Check.", expected_version=r.version
    )
    r = _fill(focal_point_hn, r, {(V, TOTAL): 20})
    r = _submit(focal_point_hn, r)
    r = services.return_validate(user=st_user, statistics_return=r, expected_version=r.version)
    assert r.validated_by == st_user and r.return_note == ""
    r = services.return_publish(user=st_user, statistics_return=r, expected_version=r.version)
    assert r.state == State.PUBLISHED and r.published_at
    assert [h.state for h in r.history.all()][:6] == [
        "published",
        "validated",
        "submitted",
        "returned",
        "returned",
        "submitted",
    ]


# --- Who reads -----------------------------------------------------------------------------


def test_exact_values_are_read_by_the_country_and_st(
    focal_point_hn, focal_point_gt, st_user, delegate
):
    hn = Country.objects.get(iso_code="HN")
    assert can_read_exact(focal_point_hn, hn) and can_read_exact(st_user, hn)
    assert not can_read_exact(focal_point_gt, hn)
    assert not can_read_exact(delegate, hn)
    assert not can_read_exact(UserFactory(role="presidency"), hn)
    assert can_review(st_user) and not can_review(focal_point_hn)


def test_return_list_shows_own_country_to_focal_points_and_all_to_st(
    focal_point_hn, focal_point_gt, st_user, delegate, hn_return
):
    gt_return = StatisticsReturnFactory(country=Country.objects.get(iso_code="GT"))
    assert list(return_list(user=focal_point_hn)) == [hn_return]
    assert list(return_list(user=focal_point_gt)) == [gt_return]
    assert set(return_list(user=st_user)) == {hn_return, gt_return}
    assert not return_list(user=delegate).exists()
