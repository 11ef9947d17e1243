from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout(client):
    UserFactory(username="ana", role="st")
    response = client.post(reverse("login"), {"username": "ana", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].username == "ana"
    client.post(reverse("logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_axes_locks_the_account_after_five_failures(client, settings):
    UserFactory(username="ana", role="st")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": "ana", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "bloqueada" in response.content.decode()
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_password_reset_sends_an_email(client, mailoutbox):
    UserFactory(username="ana", email="ana@example.org")
    client.post(reverse("password_reset"), {"email": "ana@example.org"})
    assert len(mailoutbox) == 1
    assert "ana@example.org" in mailoutbox[0].to


@pytest.mark.parametrize(
    "role", ["st", "presidency", "focal_point", "delegate", "observer", "partner"]
)
def test_home_page_for_every_role(client, coalition, role):
    body = coalition["HN"] if role in ("focal_point", "delegate") else None
    user = UserFactory(username=f"u-{role}", role=role, national_body=body)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Qué hacer ahora" in html
    if role == "focal_point":
        assert "0 de 2 representantes titulares" in html
    if role == "st":
        assert "no tiene representante titular" in html


def test_home_warns_of_a_year_with_fewer_than_two_ordinary_meetings(client, st_user, coalition):
    """001 §4.A.3: at least two ordinary meetings a year."""
    import datetime as dt

    from django.utils import timezone

    from meetings.tests.factories import MeetingFactory

    year = timezone.localdate().year
    start = timezone.make_aware(dt.datetime(year, 1, 20, 9, 0))
    MeetingFactory(starts_at=start, status="closed")
    client.force_login(st_user)
    html = client.get(reverse("home")).content.decode()
    assert f"{year} tiene 1 reunión ordinaria;" in html
    MeetingFactory(starts_at=start + dt.timedelta(days=120), status="closed")
    html = client.get(reverse("home")).content.decode()
    assert f"{year} tiene 1 reunión ordinaria" not in html
    assert f"{year} tiene 2 reuniones ordinarias" not in html  # two meet the guideline


ROLE_FLAGS = {
    "st": "is_secretariat",
    "presidency": "is_presidency",
    "focal_point": "is_focal_point",
    "delegate": "is_delegate",
    "observer": "is_observer",
    "partner": "is_partner",
}


@pytest.mark.parametrize("role", list(ROLE_FLAGS))
def test_each_role_answers_to_its_own_flag_only(role):
    """Code asks `user.is_partner`, never compares role strings: one flag per role."""
    user = User(username="x", role=role)
    assert {flag for flag in ROLE_FLAGS.values() if getattr(user, flag)} == {ROLE_FLAGS[role]}
    assert set(ROLE_FLAGS) == set(User.Role.values)
