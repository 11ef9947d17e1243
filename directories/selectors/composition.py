"""The composition of the national bodies (003 §III): what the sources state of each body's
members (members.NationalBody.stated_*) beside the member institutions registered in the
directory (Institution.national_bodies), by sector."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from directories.models import Institution
from members.models import NationalBody

Sector = Institution.Sector
# Which stated count each sector of the directory is compared with (the sources count civil
# society and business together where they count them at all: stated_civil_society).
STATED_FIELD: dict[str, str] = {
    Sector.STATE: "stated_state",
    Sector.INTERNATIONAL: "stated_international",
    Sector.CIVIL_SOCIETY: "stated_civil_society",
}


@dataclass(frozen=True)
class SectorRow:
    sector: str
    label: str
    stated: int | None
    registered: int
    institutions: list[Institution] = field(default_factory=list)

    @property
    def to_register(self) -> int:
        """How many the source counts that the directory does not hold yet."""
        return max((self.stated or 0) - self.registered, 0)


@dataclass(frozen=True)
class BodyComposition:
    body: NationalBody
    sectors: list[SectorRow]

    @property
    def registered(self) -> int:
        return sum(row.registered for row in self.sectors)

    @property
    def stated(self) -> int | None:
        """The source's total, or the sum of its counts by sector where it gives those."""
        if self.body.stated_total is not None:
            return self.body.stated_total
        counts = [row.stated for row in self.sectors if row.stated is not None]
        return sum(counts) if counts else None

    @property
    def to_register(self) -> int:
        return max((self.stated or 0) - self.registered, 0)


def _sector_q(sector: str) -> Q:
    return Q(member_institutions__sector=sector)


def _sectors(body: NationalBody, registered: dict[str, list[Institution] | int]) -> list[SectorRow]:
    rows = []
    for sector, label in Sector.choices:
        members = registered.get(sector, 0)
        stated_field = STATED_FIELD.get(sector)
        rows.append(
            SectorRow(
                sector=sector,
                label=str(label),
                stated=getattr(body, stated_field) if stated_field else None,
                registered=len(members) if isinstance(members, list) else members,
                institutions=members if isinstance(members, list) else [],
            )
        )
    return rows


def composition_list() -> list[BodyComposition]:
    """Every body with its registered member institutions counted by sector, one query."""
    bodies = (
        NationalBody.objects.select_related("country")
        .annotate(
            **{
                f"n_{sector}": Count("member_institutions", filter=_sector_q(sector))
                for sector in Sector.values
            },
        )
        .order_by("country__name_es", "-crimes")
    )
    return [
        BodyComposition(
            body=body,
            sectors=_sectors(body, {s: getattr(body, f"n_{s}") for s in Sector.values}),
        )
        for body in bodies
    ]


def body_composition(body: NationalBody) -> BodyComposition:
    """One body's composition: per sector, the stated count and the registered institutions
    (one query for the body's members)."""
    members = list(
        Institution.objects.filter(national_bodies=body)
        .select_related("country")
        .order_by("name", "pk")
    )
    by_sector: dict[str, list[Institution] | int] = {
        sector: [i for i in members if i.sector == sector] for sector in Sector.values
    }
    return BodyComposition(body=body, sectors=_sectors(body, by_sector))


def body_for_composition(acronym: str) -> NationalBody:
    return NationalBody.objects.select_related("country").get(acronym__iexact=acronym)
