"""Who was invited, who came and the quorum verified (001 §4.A.7; 003 §VIII ST 8,
Presidency 11). Whether an attendance makes its country represented is decided in one
place: meetings.selectors.attendance_represents_country_q."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.meeting import Meeting
from members.models import Country, Designation, ObserverOrganisation, Person


class Invitation(models.Model):
    """One invitee of a convened meeting: a designation in force of a member body or a
    representative of an invited observer organisation. `notified_at` is set when the
    convocation e-mail has actually been sent (by the Celery worker); `sequence_sent` is the
    meeting's calendar revision the invitee last received (so a change or a cancellation
    reaches exactly those whose calendar holds an older one); `reminded_at` when the last
    reminder to answer left."""

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACCEPTED = "accepted", _("Will attend")
        DECLINED = "declined", _("Will not attend")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    sequence_sent = models.PositiveIntegerField(_("calendar revision sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__last_name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.person}"


def accreditation_upload_to(instance: Attendance, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/accreditations/{filename}"


class Attendance(models.Model):
    """A person present at a meeting, recorded by ST (003 §VIII ST 8). Present means arrived
    and not left; a person who leaves and comes back gets a new row. An alternate counts for
    quorum only when accredited for this meeting (001 §4.A.7)."""

    class Capacity(models.TextChoices):
        TITULAR = "titular", _("Titular representative")
        ALTERNATE = "alternate", _("Alternate representative")
        OBSERVER = "observer", _("Observer")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    capacity = models.CharField(_("capacity"), max_length=10, choices=Capacity.choices)
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country represented"),
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrived at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    accredited_for_meeting = models.BooleanField(_("accredited for this meeting"), default=False)
    accreditation_file = models.FileField(
        _("accreditation for this meeting"), upload_to=accreditation_upload_to, blank=True
    )
    accreditation_note = models.CharField(_("accreditation note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "arrived_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(left_at__isnull=True),
                name="attendance_one_open_row_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_capacity_display()}"

    @property
    def is_present(self) -> bool:
        return self.left_at is None


class QuorumVerification(models.Model):
    """The quorum as the Presidency verified it (003 §VIII Presidency 11): a stored snapshot
    with the time and the countries represented at that moment."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="quorum_verifications"
    )
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    n_members = models.PositiveIntegerField(_("member countries"))
    required = models.PositiveIntegerField(_("required"))
    represented = models.JSONField(_("countries represented"), default=list)
    reached = models.BooleanField(_("quorum reached"))

    class Meta:
        ordering = ["meeting", "verified_at"]
        verbose_name = _("quorum verification")
        verbose_name_plural = _("quorum verifications")

    def __str__(self) -> str:
        return f"{self.meeting} · {len(self.represented)}/{self.n_members}"
