"""Who may do what with the events (issue 21). The Presidency and the Technical Secretariat
organise ("reuniones, seminarios, talleres y otros eventos", 003 §VIII Presidency 6, ST 5);
each invited country's focal point registers that country's participants; ST confirms the
participants and keeps the registration desk. Members, observers and the offices see the
events once convened; partners read public records through the API only (SPEC §1)."""

from __future__ import annotations

from members.models import User
from members.permissions import focal_point_country_id


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_organise(user) -> bool:
    return _active(user) and (user.is_presidency or user.is_secretariat)


def can_confirm(user) -> bool:
    """ST confirms or declines participants and signs them in at the desk."""
    return _active(user) and user.is_secretariat


def can_see_events(user) -> bool:
    return _active(user) and user.role != User.Role.PARTNER


def can_register_for_country(user, country_id: int | None) -> bool:
    """The country's own focal points; ST, which keeps the registration desk, for any."""
    if can_confirm(user):
        return True
    own = focal_point_country_id(user)
    return own is not None and own == country_id


def registering_country_id(user) -> int | None:
    """The country whose participants a focal point registers (None for anyone else)."""
    return focal_point_country_id(user)


def can_download_certificate(user, participant) -> bool:
    """The organisers and ST (who keep the event's records) and the focal points of the
    participant's own country (who registered it); nobody else."""
    if can_organise(user):
        return True
    own = focal_point_country_id(user)
    return own is not None and participant.country_id == own


def can_read_budget(user: User, event) -> bool:
    """The organisers (the Presidency and ST) and the focal points of the invited countries
    read an event's budget and its report; nobody else. (`event.invited_countries` is read
    from its prefetch when the caller loaded one: events.selectors.event_for.)"""
    if can_organise(user):
        return True
    own = registering_country_id(user)
    return own is not None and any(c.pk == own for c in event.invited_countries.all())


def can_see_participation(user: User) -> bool:
    """Participation over time: the organisers (the Presidency and ST) and the focal points."""
    return can_organise(user) or registering_country_id(user) is not None
