"""A country's national bodies (003 §III, §VIII Pleno): the plenary's representatives are
designated by the rector entities "para cada uno de los delitos", so ST records a second
rector body for a country whose rector for smuggling of migrants differs. Never two bodies
of a country for the same crime (the database's one_*_rector_per_country backs it up for
the admin); the country still has one vote (meetings: one vote per country)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import Country, NationalBody, User
from members.permissions import ensure_secretariat

BODY_FIELDS = (
    "name",
    "acronym",
    "kind",
    "crimes",
    "legal_basis",
    "lead_institution",
    "website",
    "source",
)
CRIME_ALREADY_COVERED = _(
    "%(country)s already has a rector body for this crime: %(body)s (%(crimes)s). A country "
    "has one body per crime: a second one covers smuggling of migrants only, when the first "
    "covers trafficking only."
)


def national_body_check_crimes(*, country: Country, crimes: str) -> None:
    """Refuses a body whose crimes overlap those of another body of the country."""
    covers = {
        NationalBody.Crimes.TRAFFICKING: NationalBody.TRAFFICKING_RECTOR,
        NationalBody.Crimes.SMUGGLING: NationalBody.SMUGGLING_RECTOR,
        NationalBody.Crimes.BOTH: tuple(NationalBody.Crimes.values),
    }[NationalBody.Crimes(crimes)]
    other = NationalBody.objects.filter(country=country, crimes__in=covers).first()
    if other is not None:
        raise ValidationError(
            {
                "crimes": ValidationError(
                    CRIME_ALREADY_COVERED,
                    code="crime_already_covered",
                    params={
                        "country": country,
                        "body": other.acronym,
                        "crimes": other.get_crimes_display(),
                    },
                )
            }
        )


@transaction.atomic
def national_body_create(*, user: User, country: Country, **fields) -> NationalBody:
    """ST records a national body of a member country (in practice its second rector body,
    the first ones being loaded from the sources). It then designates its own titular and
    alternate representatives (2 + 2, members.services.designation_check_limit)."""
    ensure_secretariat(user)
    # Two ST staff adding the same crime's body at once: the country's row serialises them
    # (and the partial unique constraints refuse what slips through).
    Country.objects.select_for_update().filter(pk=country.pk).first()
    body = NationalBody(country=country, **{k: v for k, v in fields.items() if k in BODY_FIELDS})
    if body.crimes in NationalBody.Crimes.values:
        national_body_check_crimes(country=country, crimes=body.crimes)
    body.full_clean()
    setattr(body, "_history_user", user)  # noqa: B010 (mypy: an attribute simple_history reads)
    body.save()
    return body
