"""Who takes part in an event beyond the designated representatives (issue 21): each invited
country's focal point registers its participants by profile (004: prosecutor, director of
migration, head of the migration police, principal investigator, the coalition's national
liaison), within the event's quota; ST registers those of the invited actors and confirms
everyone; each day of the event a participant signs in (004: "registro diario"). Institutional
data of officials only: name, position, institution, e-mail."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from events.models.event import Event, EventActor
from members.models import Country

CHECK_IN_CODE_LENGTH = 8
CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on a phone


def new_check_in_code() -> str:
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


class Participant(models.Model):
    class Profile(models.TextChoices):
        PROSECUTOR = "prosecutor", _("Prosecutor")
        MIGRATION_DIRECTOR = "migration_director", _("Director of migration")
        MIGRATION_POLICE = "migration_police", _("Head of the migration police")
        INVESTIGATOR = "investigator", _("Principal investigator")
        NATIONAL_LIAISON = "national_liaison", _("National liaison of the coalition")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered, to be confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The states that take a place of the country's (or actor's) quota.
    HOLDS_A_PLACE = (State.REGISTERED, State.CONFIRMED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participants",
        verbose_name=_("country"),
    )
    event_actor = models.ForeignKey(
        EventActor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("actor"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(pgettext_lazy("job", "position"), max_length=200)
    institution = models.CharField(_("institution"), max_length=250)
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices)
    email = models.EmailField(_("institutional e-mail"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the participant's certificate and messages."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REGISTERED
    )
    check_in_code = models.CharField(
        _("check-in code"), max_length=16, unique=True, default=new_check_in_code, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__iso_code", "full_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(event_actor__isnull=True))
                | (Q(country__isnull=True) & Q(event_actor__isnull=False)),
                name="participant_of_a_country_or_an_actor",
                violation_error_code="country_or_actor",
                violation_error_message=_(
                    "A participant comes from an invited country or from an invited actor."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class DayAttendance(models.Model):
    """A participant signed in on one day of the event: by ST at the registration desk, or by
    the participant with the check-in code."""

    class Method(models.TextChoices):
        DESK = "desk", _("At the registration desk")
        SELF = "self", _("Self check-in")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    method = models.CharField(_("how"), max_length=5, choices=Method.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "participant__full_name"]
        verbose_name = _("day of attendance")
        verbose_name_plural = _("days of attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day"],
                name="one_sign_in_per_participant_and_day",
                violation_error_code="already_signed_in",
                violation_error_message=_("This participant has already signed in on this day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.day}"
