"""Writes of the statistics returns (issue 20; 002 d): a country's focal point creates its
return for a year (or a semester), enters its figures through the form or the Excel
template, and submits it; the Technical Secretariat validates it or sends it back with a
note, then publishes it.

Rules: who may do what in which state is stats.rules (one refusal per action, each with a
code); figures are whole and non-negative and name a cell of the cube (not_whole, negative,
unknown_cell); a return is submitted only complete and adding up (stats.consistency, every
problem named per cell at once); every write claims the version the form or file was read at
(stale_version, common.versions); every change is kept in the history (simple_history: each
figure and the return are saved or deleted one by one, with the user who did it). A refused
write leaves nothing behind: each service is one transaction, and figures are checked before
any is written. A submission tells the Technical Secretariat, a return sent back the
country's focal points (stats.services.notices, on commit)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from common.versions import STALE_VERSION, claim_version
from members.models import Country, User
from stats import rules
from stats.cells import breakdown_of
from stats.consistency import consistency_errors
from stats.models import Figure, Measure, StatisticsReturn
from stats.permissions import ensure_can_edit_return
from stats.selectors.returns import cube_layout, figure_key, return_figures
from stats.services.notices import notify_on_commit

State = StatisticsReturn.State

RETURN_EXISTS = _("%(country)s already has a return for %(period)s.")
PERIOD_OVERLAPS = _(
    "%(country)s reports %(year)s %(how)s already: a year is reported either whole or by "
    "semester, not both."
)
YEAR_INVALID = _("Enter a year from %(first)s to %(last)s.")
SEMESTER_INVALID = _("A semester is 1 or 2.")
UNKNOWN_CELL = _("“%(cell)s” is not a cell of %(measure)s.")
NEGATIVE = _("%(label)s: a count cannot be negative (%(value)s).")
NOT_WHOLE = _("%(label)s: a count is a whole number (%(value)s is not).")
NOTE_REQUIRED = _("Say what the country should correct: the note goes back with the return.")
INCOMPLETE = _("The return is not complete or does not add up: see the cells marked.")

FIRST_YEAR = 2000

FigureInput = Mapping[tuple[str, str], int | float | None]


def _save(obj, user: User) -> None:
    obj.full_clean()
    obj._history_user = user
    obj.save()


def _locked(statistics_return: StatisticsReturn) -> StatisticsReturn:
    return (
        StatisticsReturn.objects.select_for_update()
        .select_related("country")
        .get(pk=statistics_return.pk)
    )


def _raise(refusal: ValidationError | None) -> None:
    if refusal is not None:
        raise refusal


def _period(year: int, semester: int | None) -> str:
    return f"{year}" if semester is None else f"{year}-S{semester}"


@transaction.atomic
def return_create(
    *, user: User, country: Country, year: int, semester: int | None = None
) -> StatisticsReturn:
    """The country's focal point opens its return for a year (or a semester of it)."""
    ensure_can_edit_return(user, country)
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            {
                "year": ValidationError(
                    YEAR_INVALID, code="year_invalid", params={"first": FIRST_YEAR, "last": last}
                )
            }
        )
    if semester not in (None, 1, 2):
        raise ValidationError(
            {"semester": ValidationError(SEMESTER_INVALID, code="semester_invalid")}
        )
    same_year = StatisticsReturn.objects.select_for_update().filter(country=country, year=year)
    if same_year.filter(semester=semester).exists():
        raise ValidationError(
            RETURN_EXISTS,
            code="return_exists",
            params={"country": country, "period": _period(year, semester)},
        )
    other = same_year.filter(semester__isnull=semester is not None).first()
    if other is not None:
        raise ValidationError(
            PERIOD_OVERLAPS,
            code="period_overlaps",
            params={
                "country": country,
                "year": year,
                "how": _("by semester") if other.semester else _("as a whole year"),
            },
        )
    statistics_return = StatisticsReturn(
        country=country, year=year, semester=semester, created_by=user
    )
    _save(statistics_return, user)
    return statistics_return


def check_figure(
    layout, measure: str, cell: str, value
) -> tuple[int | None, ValidationError | None]:
    """A value entered for a cell: the cell is one of the measure's, the value a whole
    non-negative count (a whole float is taken as its integer) or None; else the refusal."""
    params = {"measure": measure, "cell": cell, "value": value}
    if not layout.cell_accepted(measure, cell):
        return None, ValidationError(UNKNOWN_CELL, code="unknown_cell", params=params)
    if value is None:
        return None, None
    params["label"] = layout.cell_label(measure, cell)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, ValidationError(NOT_WHOLE, code="not_whole", params=params)
    if isinstance(value, float) and not value.is_integer():
        return None, ValidationError(NOT_WHOLE, code="not_whole", params=params)
    if value < 0:
        return None, ValidationError(NEGATIVE, code="negative", params=params)
    return int(value), None


@transaction.atomic
def figures_save(
    *,
    user: User,
    statistics_return: StatisticsReturn,
    figures: FigureInput,
    expected_version: int | None,
    replace: bool = False,
) -> StatisticsReturn:
    """Enter figures of a draft or returned return: (measure code, cell) → a whole
    non-negative count, or None to clear the cell. With `replace`, every figure not given is
    cleared (the Excel import: the file is the whole return). Every value is checked before
    any is written; the problems are raised together, keyed by figure key."""
    statistics_return = _locked(statistics_return)
    _raise(rules.edit_refusal(user, statistics_return))
    claim_version(statistics_return, expected_version)
    layout = cube_layout()
    errors: dict[str, list[ValidationError]] = {}
    wanted: dict[tuple[str, str], int | None] = {}
    for (measure, cell), value in figures.items():
        checked, error = check_figure(layout, measure, cell, value)
        if error is not None:
            errors.setdefault(figure_key(measure, cell), []).append(error)
        else:
            wanted[measure, cell] = checked
    if errors:
        raise ValidationError(errors)
    existing = {
        (f.measure.code, f.cell): f
        for f in Figure.objects.filter(statistics_return=statistics_return).select_related(
            "measure"
        )
    }
    if replace:
        for key in existing:
            wanted.setdefault(key, None)
    measures = {m.code: m for m in Measure.objects.filter(code__in={m for m, _ in wanted})}
    for (measure, cell), value in wanted.items():
        figure = existing.get((measure, cell))
        if value is None:
            if figure is not None:
                setattr(figure, "_history_user", user)  # noqa: B010 (undeclared for mypy)
                figure.delete()
        elif figure is None:
            _save(
                Figure(
                    statistics_return=statistics_return,
                    measure=measures[measure],
                    breakdown=breakdown_of(cell),
                    cell=cell,
                    value=value,
                ),
                user,
            )
        elif figure.value != value:
            figure.value = value
            _save(figure, user)
    _save(statistics_return, user)
    return statistics_return


@transaction.atomic
def return_submit(
    *, user: User, statistics_return: StatisticsReturn, expected_version: int | None
) -> StatisticsReturn:
    """The focal point submits a complete return that adds up; otherwise every problem is
    raised at once, keyed by figure key (stats.consistency)."""
    statistics_return = _locked(statistics_return)
    _raise(rules.submit_refusal(user, statistics_return))
    claim_version(statistics_return, expected_version)
    errors = consistency_errors(cube_layout(), return_figures(statistics_return))
    if errors:
        raise ValidationError(errors)
    statistics_return.state = State.SUBMITTED
    statistics_return.submitted_at = timezone.now()
    _save(statistics_return, user)
    notify_on_commit("submitted", statistics_return)
    return statistics_return


@transaction.atomic
def return_validate(
    *, user: User, statistics_return: StatisticsReturn, expected_version: int | None
) -> StatisticsReturn:
    statistics_return = _locked(statistics_return)
    _raise(rules.validate_refusal(user, statistics_return))
    claim_version(statistics_return, expected_version)
    statistics_return.state = State.VALIDATED
    statistics_return.validated_at, statistics_return.validated_by = timezone.now(), user
    statistics_return.return_note = ""
    _save(statistics_return, user)
    return statistics_return


@transaction.atomic
def return_send_back(
    *, user: User, statistics_return: StatisticsReturn, note: str, expected_version: int | None
) -> StatisticsReturn:
    """ST sends a return back to the country with a note saying what to correct."""
    statistics_return = _locked(statistics_return)
    _raise(rules.send_back_refusal(user, statistics_return))
    if not note.strip():
        raise ValidationError({"note": ValidationError(NOTE_REQUIRED, code="note_required")})
    claim_version(statistics_return, expected_version)
    statistics_return.state = State.RETURNED
    statistics_return.return_note = note.strip()
    statistics_return.validated_at, statistics_return.validated_by = None, None
    _save(statistics_return, user)
    notify_on_commit("returned", statistics_return)
    return statistics_return


@transaction.atomic
def return_publish(
    *, user: User, statistics_return: StatisticsReturn, expected_version: int | None
) -> StatisticsReturn:
    statistics_return = _locked(statistics_return)
    _raise(rules.publish_refusal(user, statistics_return))
    claim_version(statistics_return, expected_version)
    statistics_return.state = State.PUBLISHED
    statistics_return.published_at = timezone.now()
    _save(statistics_return, user)
    from stats.tasks import compute_publication  # tasks import the services

    year = statistics_return.year
    transaction.on_commit(lambda: publish(compute_publication, year))
    return statistics_return


@transaction.atomic
def return_import(*, user: User, statistics_return: StatisticsReturn, upload) -> StatisticsReturn:
    """The country's Excel template, filled, replaces the return's figures: all or nothing.
    A file of another country, year or semester is refused, and so is one made before
    somebody else's save (its version); every problem of the file is named by sheet, row
    and cell (stats.excel)."""
    from stats import excel

    statistics_return = _locked(statistics_return)
    _raise(rules.edit_refusal(user, statistics_return))
    parsed = excel.read_workbook(upload, statistics_return=statistics_return)
    if parsed.version != statistics_return.version:
        # Checked first: the figures of a file made before somebody else's save mean nothing.
        raise ValidationError(
            STALE_VERSION,
            code="stale_version",
            params={"current": statistics_return.version, "expected": parsed.version},
        )
    if parsed.errors:
        raise excel.ImportRejected(parsed.errors)
    try:
        return figures_save(
            user=user,
            statistics_return=statistics_return,
            figures=parsed.figures,
            expected_version=parsed.version,
            replace=True,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise excel.ImportRejected(parsed.located(error.error_dict)) from error
