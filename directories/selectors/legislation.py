"""Reads of the comparative legislation (issue 19; 002 e.A, 001 §5.D.5 and §5.E.1): the
matrix of the member countries × dimensions, who may edit or validate its cells, and the
reform tracker.

The one visibility rule: the public (and any account that is neither the Technical
Secretariat nor the country's focal point) sees only the text ST validated last
(LegislationCell.public_*); ST sees every proposal, a focal point its own country's, each
marked as such. Page, export and tests read it from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from directories.models import LegislationCell, LegislationDimension, Reform
from members.models import Country, User
from members.permissions import focal_point_country_id
from members.selectors import member_countries_on


def can_edit_country(user: User, country: Country | int) -> bool:
    """Only the country's own focal point proposes its cells (issue 19); never another
    country's, nor the Technical Secretariat, which validates them."""
    country_id = country if isinstance(country, int) else country.pk
    return focal_point_country_id(user) == country_id


def can_record_reforms_of(user: User, country: Country | int) -> bool:
    """A country's reforms are recorded by its focal point, or by the Technical
    Secretariat, which follows the legislative reviews (001 §5.D.5, §5.E.1)."""
    return can_edit_country(user, country) or can_validate(user)


def can_validate(user: User) -> bool:
    """The Technical Secretariat validates or returns the proposed cells."""
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


def sees_proposals_of(user: User, country_id: int) -> bool:
    """Proposals (and returned cells) are never public: ST sees all, a focal point its own
    country's."""
    return can_validate(user) or can_edit_country(user, country_id)


@dataclass
class CellView:
    """What a reader sees in one country × dimension."""

    country: Country
    dimension: LegislationDimension
    cell: LegislationCell | None = None
    article: str = ""
    excerpt: str = ""
    source: str = ""
    state: str = ""  # "" public text; else the proposal's state (proposed / returned / validated)
    needs_review: bool = False
    can_edit: bool = False
    can_review: bool = False

    @property
    def empty(self) -> bool:
        return not (self.article or self.excerpt or self.source)

    @property
    def is_proposal(self) -> bool:
        return self.state in (LegislationCell.State.PROPOSED, LegislationCell.State.RETURNED)

    @property
    def source_is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))


@dataclass
class LegislationMatrix:
    countries: list[Country]
    rows: list[tuple[LegislationDimension, list[CellView]]] = field(default_factory=list)
    can_review: bool = False


def cell_view(cell: LegislationCell | None, *, country, dimension, user: User) -> CellView:
    view = CellView(country=country, dimension=dimension, cell=cell)
    view.can_edit = can_edit_country(user, country.pk)
    if cell is None:
        return view
    view.needs_review = cell.needs_review
    if sees_proposals_of(user, country.pk):
        view.article, view.excerpt, view.source = cell.article, cell.excerpt, cell.source
        view.state = cell.state
        view.can_review = can_validate(user) and cell.state == LegislationCell.State.PROPOSED
    elif cell.is_public:
        view.article, view.excerpt = cell.public_article, cell.public_excerpt
        view.source = cell.public_source
    return view


def legislation_matrix(*, user: User, day: dt.date | None = None) -> LegislationMatrix:
    """The member countries on `day` (members.selectors.member_countries_on) × the
    dimensions; three queries whatever the number of countries and cells."""
    day = day or timezone.localdate()
    countries = list(member_countries_on(day).order_by("name_es"))
    dimensions = list(LegislationDimension.objects.all())
    cells = {
        (c.country_id, c.dimension_id): c
        for c in LegislationCell.objects.filter(country__in=[c.pk for c in countries])
    }
    matrix = LegislationMatrix(countries=countries, can_review=can_validate(user))
    for dimension in dimensions:
        matrix.rows.append(
            (
                dimension,
                [
                    cell_view(
                        cells.get((country.pk, dimension.pk)),
                        country=country,
                        dimension=dimension,
                        user=user,
                    )
                    for country in countries
                ],
            )
        )
    return matrix


def matrix_export_rows(matrix: LegislationMatrix) -> list[list[object]]:
    """The non-empty cells the reader may see, one row each (the export of the matrix)."""
    rows = []
    for dimension, cells in matrix.rows:
        for view in cells:
            if view.empty:
                continue
            rows.append(
                [
                    view.country.iso_code,
                    view.country.name,
                    dimension.code,
                    dimension.name,
                    view.article,
                    view.excerpt,
                    view.source,
                    view.state or LegislationCell.State.VALIDATED,
                ]
            )
    return rows


def proposed_cells() -> QuerySet[LegislationCell]:
    """The cells waiting for the Technical Secretariat."""
    return LegislationCell.objects.filter(state=LegislationCell.State.PROPOSED).select_related(
        "country", "dimension"
    )


def reform_list(*, country: str | None = None) -> QuerySet[Reform]:
    """The reform tracker (public): every country's bills, or one country's (ISO code)."""
    reforms = Reform.objects.select_related("country").prefetch_related("dimensions")
    if country:
        reforms = reforms.filter(country__iso_code=country.upper())
    return reforms


def public_cells() -> QuerySet[LegislationCell]:
    """The cells the public matrix shows with text: validated at least once (the text
    validated last is kept while a new proposal waits), of today's member countries."""
    return LegislationCell.objects.filter(
        validated_at__isnull=False,
        country__in=member_countries_on(timezone.localdate()),
    ).select_related("country", "dimension")
