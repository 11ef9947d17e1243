"""The time of a meeting (SPEC §9 "Time"): every meeting lives in the IANA zone of its venue,
by default the zone of the host country's capital; a virtual meeting, which has no venue,
chooses one. What a person reads names the zone, and shows the reader's own time when it
differs. The region spans UTC−6 (Belize, Costa Rica, El Salvador, Guatemala, Honduras,
Nicaragua, central Mexico), UTC−5 (Panamá) and UTC−4 (Santo Domingo)."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

# The zone of each member country's capital, keyed by ISO 3166 code (members/data/
# coalition.yaml names the nine member countries). Mexico spans several zones: a meeting
# outside the capital's zone chooses its own.
CAPITAL_TIME_ZONES: dict[str, str] = {
    "BZ": "America/Belize",
    "CR": "America/Costa_Rica",
    "DO": "America/Santo_Domingo",
    "GT": "America/Guatemala",
    "HN": "America/Tegucigalpa",
    "MX": "America/Mexico_City",
    "NI": "America/Managua",
    "PA": "America/Panama",
    "SV": "America/El_Salvador",
}

UNKNOWN_TIME_ZONE = _("“%(value)s” is not a time zone (use an IANA name such as America/Panama).")
TIME_ZONE_REQUIRED = _("A virtual meeting has no venue: choose its time zone.")
TIME_DOES_NOT_EXIST = _(
    "%(value)s does not exist or is ambiguous in %(zone)s (a clock change): give another time."
)


@functools.cache
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError(UNKNOWN_TIME_ZONE, code="unknown_time_zone", params={"value": value})


def coalition_time_zone() -> str:
    """The zone of the coalition's own deadlines and of readers with no country
    (settings.TIME_ZONE, read when called)."""
    return settings.TIME_ZONE


def country_time_zone(iso_code: str | None) -> str | None:
    return CAPITAL_TIME_ZONES.get(iso_code or "")


def meeting_time_zone(*, chosen: str = "", host_iso: str | None = None, modality: str = "") -> str:
    """The zone a meeting lives in: the one chosen, else the host country's capital's, else
    the coalition's. A virtual meeting without a host country must choose (it has no
    venue whose clock would be meant)."""
    if chosen:
        return chosen
    if zone := country_time_zone(host_iso):
        return zone
    if modality == "virtual":
        raise ValidationError(
            {"time_zone": ValidationError(TIME_ZONE_REQUIRED, code="time_zone_required")}
        )
    return coalition_time_zone()


def aware_in(value: dt.datetime, zone: str) -> dt.datetime:
    """A wall-clock time typed for `zone` as an aware datetime. A time that a clock change
    skips or repeats in that zone is refused rather than guessed."""
    tz = zoneinfo.ZoneInfo(zone)
    naive = value.replace(tzinfo=None)
    early, late = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if early.utcoffset() != late.utcoffset():
        raise ValidationError(
            TIME_DOES_NOT_EXIST,
            code="time_does_not_exist",
            params={"value": naive.strftime("%Y-%m-%d %H:%M"), "zone": zone},
        )
    return early


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For the meeting form: the member countries' capitals first, then every IANA zone."""
    members = sorted(set(CAPITAL_TIME_ZONES.values()))
    others = sorted(z for z in available_time_zones() if "/" in z and z not in members)
    return [
        (str(_("Member countries")), [(z, z.replace("_", " ")) for z in members]),
        (str(_("Other zones")), [(z, z.replace("_", " ")) for z in others]),
    ]


def utc_offset_label(value: dt.datetime) -> str:
    """UTC−05:00 (with a true minus sign), as people in the region read it."""
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@dataclass(frozen=True)
class ZonedTime:
    """An instant as read in one zone: its local value, the zone's IANA name, its
    abbreviation at that instant (EST, CST, AST…) and its offset."""

    value: dt.datetime
    zone: str

    @property
    def abbreviation(self) -> str:
        name = self.value.tzname() or ""
        return "" if name.startswith(("+", "-")) else name  # zones with no abbreviation

    @property
    def offset(self) -> str:
        return utc_offset_label(self.value)

    @property
    def label(self) -> str:
        """How the zone is named next to a time: "America/Panama, EST, UTC−05:00"."""
        parts = [self.zone, self.abbreviation, self.offset]
        return ", ".join(p for p in parts if p)


def zoned(value: dt.datetime, zone: str) -> ZonedTime:
    return ZonedTime(value=value.astimezone(zoneinfo.ZoneInfo(zone)), zone=zone)


def differs(value: dt.datetime, zone_a: str, zone_b: str) -> bool:
    """Whether two zones read a different clock time at this instant (Guatemala and Costa
    Rica never do; Panamá is an hour ahead of both)."""
    return zoned(value, zone_a).value.utcoffset() != zoned(value, zone_b).value.utcoffset()


def user_time_zone(user) -> str:
    """The zone a signed-in reader lives in: their national body's country's capital's, else
    the coalition's (ST, the Presidency, observers). One query at most."""
    from members.models import NationalBody

    iso = None
    if getattr(user, "national_body_id", None):
        iso = (
            NationalBody.objects.filter(pk=user.national_body_id)
            .values_list("country__iso_code", flat=True)
            .first()
        )
    return country_time_zone(iso) or coalition_time_zone()


def when(meeting, zone: str | None = None) -> str:
    """The meeting's start and end as read in `zone` (by default its own), naming the
    zone: "10 de marzo de 2026, 09:00 – 17:00 (America/Panama, EST, UTC−05:00)". In the
    active language."""
    zone = zone or meeting.time_zone
    start, end = zoned(meeting.starts_at, zone), zoned(meeting.ends_at, zone)
    if start.value.date() == end.value.date():
        text = (
            f"{date_format(start.value, 'DATE_FORMAT')}, "
            f"{time_format(start.value)} – {time_format(end.value)}"
        )
    else:
        text = (
            f"{date_format(start.value, 'DATETIME_FORMAT')} – "
            f"{date_format(end.value, 'DATETIME_FORMAT')}"
        )
    return f"{text} ({start.label})"


@dataclass(frozen=True)
class MeetingTimes:
    """What a page or an e-mail says about when a meeting is: its local time with its
    zone, and the reader's own time when the reader's clock reads differently."""

    local: str
    zone: str
    reader: str | None = None
    reader_zone: str | None = None


def meeting_times(meeting, reader_zone: str | None = None) -> MeetingTimes:
    reader = None
    if reader_zone and differs(meeting.starts_at, meeting.time_zone, reader_zone):
        reader = when(meeting, reader_zone)
    return MeetingTimes(
        local=when(meeting),
        zone=meeting.time_zone,
        reader=reader,
        reader_zone=reader_zone if reader else None,
    )
