"""Who may read a record of communications (issue 18), the one home of the rule: every list,
page, download, e-mail and API response of the archive goes through it.

- public: everybody, anonymous visitors included;
- members: the coalition's signed-in accounts: the members' side and the observers, never
  partner agencies (they read public material only, as the meetings' documents and minutes
  they never see: meetings.selectors.access);
- restricted: the members' side only — ST, the Presidency, focal points and delegates,
  active, not tied to an observer organisation. Never observers, partner agencies (their API
  tokens are accounts of role `partner`: members.services.tokens) or anonymous readers.

The restricted rule is the one of meetings.selectors.access.can_see_restricted (meetings
lies above communications and may call this one)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from communications.models import AccessLevel
from members.models import User

# The roles of the members' side: the offices and the member countries' people.
MEMBER_ROLES = (
    User.Role.SECRETARIAT,
    User.Role.PRESIDENCY,
    User.Role.FOCAL_POINT,
    User.Role.DELEGATE,
)


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_member_side(user) -> bool:
    """ST, the Presidency, a focal point or a delegate, active, not tied to an observer
    organisation (a partner token's account has the role `partner`: never)."""
    return bool(
        _signed_in(user)
        and not user.observer_organisation_id
        and user.role != User.Role.PARTNER
        and (user.is_superuser or user.role in MEMBER_ROLES)
    )


def readable_levels(user) -> tuple[str, ...]:
    """The access levels `user` may read."""
    if is_member_side(user):
        return (AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED)
    if _signed_in(user) and user.role != User.Role.PARTNER:
        return (AccessLevel.PUBLIC, AccessLevel.MEMBERS)
    return (AccessLevel.PUBLIC,)


def can_read(user, level: str) -> bool:
    """May `user` read a record of access `level`?"""
    return level in readable_levels(user)


def readable_q(user, *, field: str = "access") -> Q:
    """The records `user` may read, as a Q on the access-level `field`."""
    return Q(**{f"{field}__in": readable_levels(user)})


def readable(user, queryset: QuerySet, *, field: str = "access") -> QuerySet:
    """`queryset` without what `user` may not read."""
    return queryset.filter(readable_q(user, field=field))
