"""A meeting lives in its venue's IANA zone (issue 16; SPEC §9 "Time"): by default the host
country's capital's, chosen for a virtual meeting; the form reads start and end as the
venue's clock; pages show the local time naming the zone, and the reader's own time when
their clock differs; the meeting's date is its local date; the API says the zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from meetings import services
from meetings.models import Meeting
from meetings.tests.factories import PANAMA, panama_meeting
from meetings.timezones import aware_in
from members.models import Country, User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The zones of the member countries' capitals, as the issue names them.
CAPITALS = {
    "PA": "America/Panama",
    "DO": "America/Santo_Domingo",
    "MX": "America/Mexico_City",
    "BZ": "America/Belize",
    "CR": "America/Costa_Rica",
    "SV": "America/El_Salvador",
    "GT": "America/Guatemala",
    "HN": "America/Tegucigalpa",
    "NI": "America/Managua",
}


def create(user, **fields) -> Meeting:
    values = {
        "kind": Meeting.Kind.ORDINARY,
        "title": "XXV Reunión Ordinaria",
        "starts_at": dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC),
        "ends_at": dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.UTC),
    } | fields
    return services.meeting_create(user=user, **values)


@pytest.mark.parametrize("iso", sorted(CAPITALS))
def test_a_meeting_takes_its_host_countrys_capital_zone(coalition, presidency_user, iso):
    meeting = create(presidency_user, host_country=Country.objects.get(iso_code=iso))
    assert meeting.time_zone == CAPITALS[iso]


def test_every_member_country_has_its_zone(coalition):
    assert set(coalition) == set(CAPITALS)


def test_a_chosen_zone_wins_over_the_host_countrys(coalition, presidency_user):
    meeting = create(
        presidency_user,
        host_country=Country.objects.get(iso_code="MX"),
        city="Cancún",
        time_zone="America/Cancun",
    )
    assert meeting.time_zone == "America/Cancun"


def test_a_virtual_meeting_without_host_must_choose_its_zone(presidency_user):
    with pytest.raises(ValidationError) as exc:
        create(presidency_user, modality=Meeting.Modality.VIRTUAL)
    assert exc.value.error_dict["time_zone"][0].code == "time_zone_required"
    assert not Meeting.objects.exists()
    meeting = create(
        presidency_user, modality=Meeting.Modality.VIRTUAL, time_zone="America/Santo_Domingo"
    )
    assert meeting.time_zone == "America/Santo_Domingo"


def test_an_in_person_meeting_without_host_lives_in_the_coalitions_zone(presidency_user, settings):
    assert create(presidency_user).time_zone == settings.TIME_ZONE


def test_a_zone_that_does_not_exist_is_refused(presidency_user):
    with pytest.raises(ValidationError) as exc:
        create(presidency_user, time_zone="America/Atlantida")
    assert exc.value.error_dict["time_zone"][0].code == "unknown_time_zone"


def test_a_time_a_clock_change_skips_is_refused():
    with pytest.raises(ValidationError) as exc:
        aware_in(dt.datetime(2026, 3, 8, 2, 30), "America/New_York")
    assert exc.value.code == "time_does_not_exist"
    assert aware_in(dt.datetime(2026, 3, 10, 9, 0), "America/Panama") == dt.datetime(
        2026, 3, 10, 14, 0, tzinfo=dt.UTC
    )


def test_the_meeting_date_is_its_local_date():
    """00:30 on 11 March in Santo Domingo is still 10 March on the server's clock
    (Guatemala, two hours behind): N and designations are taken on the 11th."""
    meeting = panama_meeting(
        time_zone="America/Santo_Domingo",
        starts_at=dt.datetime(2026, 3, 11, 0, 30, tzinfo=ZoneInfo("America/Santo_Domingo")),
        ends_at=dt.datetime(2026, 3, 11, 3, 0, tzinfo=ZoneInfo("America/Santo_Domingo")),
    )
    assert meeting.date == dt.date(2026, 3, 11)


# --- The form -------------------------------------------------------------------------------


def form_data(**overrides) -> dict:
    return {
        "kind": "ordinary",
        "title": "XXV Reunión Ordinaria",
        "city": "Ciudad de Panamá",
        "modality": "in_person",
        "time_zone": "",
        "starts_at": "2026-03-10T09:00",
        "ends_at": "2026-03-10T17:00",
    } | overrides


@pytest.mark.parametrize(
    ("host", "zone", "utc_hour", "stored"),
    [
        ("PA", "", 14, "America/Panama"),  # 09:00 in Panamá (UTC−5)
        ("DO", "", 13, "America/Santo_Domingo"),  # UTC−4
        ("HN", "", 15, "America/Tegucigalpa"),  # UTC−6
        ("MX", "America/Cancun", 14, "America/Cancun"),  # Quintana Roo: UTC−5
        (None, "", 15, "America/Guatemala"),  # no host: the coalition's zone
    ],
)
def test_the_form_reads_start_and_end_as_the_venues_clock(
    client, coalition, presidency_user, host, zone, utc_hour, stored, settings
):
    settings.TIME_ZONE = "America/Guatemala"
    client.force_login(presidency_user)
    data = form_data(time_zone=zone)
    if host:
        data["host_country"] = Country.objects.get(iso_code=host).pk
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get()
    assert meeting.time_zone == stored
    assert meeting.starts_at == dt.datetime(2026, 3, 10, utc_hour, 0, tzinfo=dt.UTC)
    assert meeting.local_starts_at.hour == 9 and meeting.local_ends_at.hour == 17


def test_the_form_asks_a_virtual_meeting_for_its_zone(client, presidency_user):
    client.force_login(presidency_user)
    response = client.post(reverse("meetings:create"), form_data(modality="virtual", city=""))
    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"][0]
    assert not Meeting.objects.exists()


def test_the_form_refuses_a_zone_that_is_not_offered(client, presidency_user):
    client.force_login(presidency_user)
    response = client.post(reverse("meetings:create"), form_data(time_zone="Mars/Olympus"))
    assert response.status_code == 200 and "time_zone" in response.context["form"].errors


def test_the_edit_form_shows_the_venues_wall_clock(client, presidency_user, coalition):
    meeting = panama_meeting()
    client.force_login(presidency_user)
    html = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert 'value="2026-03-10T09:00"' in html and 'value="2026-03-10T17:00"' in html
    form = client.get(reverse("meetings:edit", args=[meeting.pk])).context["form"]
    assert form.initial["time_zone"] == ""  # follows the host country
    meeting.time_zone = "America/Santo_Domingo"
    meeting.save()
    form = client.get(reverse("meetings:edit", args=[meeting.pk])).context["form"]
    assert form.initial["time_zone"] == "America/Santo_Domingo"


def test_moving_the_host_country_moves_the_zone_when_it_followed_the_host(
    client, presidency_user, coalition
):
    meeting = panama_meeting()
    client.force_login(presidency_user)
    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        form_data(
            host_country=Country.objects.get(iso_code="DO").pk,
            city="Santo Domingo",
            version=meeting.version,
        ),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.time_zone == "America/Santo_Domingo"
    assert meeting.starts_at == dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC)
    assert meeting.sequence == 1


# --- Pages and API --------------------------------------------------------------------------


def test_the_page_shows_the_local_time_its_zone_and_the_readers_own(client, coalition):
    meeting = panama_meeting(status=Meeting.Status.CONVENED)
    hn = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["HN"])
    client.force_login(hn)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    times = page.context["page"].times
    html = page.content.decode()
    assert "09:00" in times.local and "America/Panama" in times.local
    assert "08:00" in times.reader and "America/Tegucigalpa" in times.reader
    assert times.local in html and times.reader in html
    pa = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["PA"])
    client.force_login(pa)
    times = client.get(reverse("meetings:detail", args=[meeting.pk])).context["page"].times
    assert times.reader is None  # the reader's clock reads the same


def test_a_reader_on_the_same_offset_is_not_shown_a_second_time(client, coalition):
    """Costa Rica and Honduras read the same clock: no second time for the reader."""
    meeting = panama_meeting(
        status=Meeting.Status.CONVENED,
        host_country=Country.objects.get(iso_code="CR"),
        time_zone="America/Costa_Rica",
    )
    client.force_login(UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["HN"]))
    times = client.get(reverse("meetings:detail", args=[meeting.pk])).context["page"].times
    assert times.reader is None and "America/Costa_Rica" in times.local


def test_the_meeting_list_shows_the_local_date(client, st_user):
    panama_meeting(
        status=Meeting.Status.CONVENED,
        time_zone="America/Santo_Domingo",
        starts_at=dt.datetime(2026, 3, 11, 0, 30, tzinfo=ZoneInfo("America/Santo_Domingo")),
        ends_at=dt.datetime(2026, 3, 11, 3, 0, tzinfo=ZoneInfo("America/Santo_Domingo")),
    )
    client.force_login(st_user)
    html = client.get(reverse("meetings:list")).content.decode()
    assert "11/03/2026" in html and "10/03/2026" not in html


def test_the_api_gives_the_zone_and_the_venues_offset(st_user):
    meeting = panama_meeting(status=Meeting.Status.CONVENED)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_login(st_user)
    body = api.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["time_zone"] == "America/Panama"
    assert body["starts_at"] == "2026-03-10T09:00:00-05:00"
    parsed = dt.datetime.fromisoformat(body["starts_at"])
    assert (
        parsed
        == dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)
        == meeting.starts_at.astimezone(PANAMA)
    )
