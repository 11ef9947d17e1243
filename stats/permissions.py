"""Who enters, reads and reviews the regional statistics (issue 20; SPEC "Statistics").

Entry: a country's returns are created and filled by the focal points of that country's
national bodies, never another country's. Review (validate, send back, publish): the
Technical Secretariat. Exact values (nothing suppressed): the reporting country's focal
points and ST; everyone else reads only what stats.disclosure lets through."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Country
from members.permissions import focal_point_country_id

NOT_YOUR_COUNTRY = _("Only %(country)s's focal points can enter %(country)s's statistics.")
SECRETARIAT_ONLY = _("Only the Technical Secretariat validates, returns or publishes statistics.")


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _country_id(country: Country | int) -> int:
    return country if isinstance(country, int) else country.pk


def can_edit_return(user, country: Country | int) -> bool:
    """The country's own focal points create and fill its returns (the issue: "entry by the
    country's focal point"); ST reviews them and does not enter them."""
    own = focal_point_country_id(user)
    return own is not None and own == _country_id(country)


def can_create_returns(user) -> bool:
    """A focal point whose national body has a country starts that country's returns."""
    return focal_point_country_id(user) is not None


def can_open_returns(user) -> bool:
    """Who has the returns' list: the countries' focal points (their own) and ST (all)."""
    return can_create_returns(user) or can_review(user)


def ensure_can_edit_return(user, country: Country) -> None:
    if not can_edit_return(user, country):
        raise ValidationError(
            NOT_YOUR_COUNTRY, code="not_your_country", params={"country": country}
        )


def can_review(user) -> bool:
    """The Technical Secretariat validates, sends back and publishes returns."""
    return bool(_active(user) and user.is_secretariat)


def ensure_can_review(user) -> None:
    if not can_review(user):
        raise ValidationError(SECRETARIAT_ONLY, code="secretariat_only")


def can_read_exact(user, country: Country | int) -> bool:
    """Exact values, below the disclosure threshold too: only the reporting country (its
    focal points) and ST (SPEC "Statistics")."""
    return can_review(user) or can_edit_return(user, country)
