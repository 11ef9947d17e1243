"""Comunicados (001 Coordinación 7; 003 §VIII ST 4: "sistema de comunicación segura y ágil
para realizar comunicados") and the log of every message the platform sends (Delivery): a
comunicado's recipients, and each automatic notice (convocations, minutes circulated, period
opened, reminders, report reviewed), so ST can answer "was Belize told?" for any of them."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from communications.models.archive import AccessLevel, Document


class Communique(models.Model):
    """A comunicado, numbered per year when sent (COM-2026-014). Drafted by ST or the
    Presidency; its distribution is the union of the audiences chosen (limited to the
    countries chosen, when any), a committee's people and the people named."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    class Audience(models.TextChoices):
        REPRESENTATIVES = "representatives", _("Designated representatives")
        FOCAL_POINTS = "focal_points", _("Focal points")
        OBSERVERS = "observers", _("Observers")
        PARTNERS = "partners", _("Partner agencies")

    class Languages(models.TextChoices):
        ES = "es", _("Spanish")
        EN = "en", _("English")
        BOTH = "es-en", _("Spanish and English")

    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    languages = models.CharField(
        _("language(s)"), max_length=5, choices=Languages.choices, default=Languages.ES
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=10,
        choices=AccessLevel.choices,
        default=AccessLevel.MEMBERS,
    )
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    countries = models.ManyToManyField(
        "members.Country", blank=True, related_name="+", verbose_name=_("countries")
    )
    committee = models.ForeignKey(
        "members.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    people = models.ManyToManyField(
        "members.Person", blank=True, related_name="+", verbose_name=_("named people")
    )
    attachments = models.ManyToManyField(
        Document, blank=True, related_name="communiques", verbose_name=_("attachments")
    )
    acknowledge_by = models.DateField(_("acknowledge by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    drafted_by = account_field(_("drafted by"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = account_field(_("sent by"), optional=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[countries, people])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comunicado")
        verbose_name_plural = _("comunicados")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="one_communique_number_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.subject}" if self.number else self.subject


class Delivery(models.Model):
    """One message to one recipient: a comunicado or an automatic notice. Delivered when its
    e-mail left (sent_at) — the in-app inbox holds comunicados from the moment they are sent
    —, opened when the recipient read it in the platform, acknowledged when they said so
    (comunicados)."""

    class Kind(models.TextChoices):
        COMMUNIQUE = "communique", _("Comunicado")
        COMMUNIQUE_REMINDER = "communique_reminder", _("Comunicado reminder")
        CONVOCATION = "convocation", _("Convocation")
        MEETING_UPDATE = "meeting_update", _("Meeting update")
        MEETING_CANCELLATION = "meeting_cancellation", _("Meeting cancellation")
        MEETING_REMINDER = "meeting_reminder", _("Reminder to answer a convocation")
        MINUTES_CIRCULATED = "minutes_circulated", _("Minutes circulated")
        PERIOD_OPENED = "period_opened", _("Reporting period opened")
        DUE_REMINDER = "due_reminder", _("Report due reminder")
        REPORT_REVIEWED = "report_reviewed", _("Report reviewed")
        DIRECTORY_REVIEW = "directory_review", _("Directory entries to review")
        LEGISLATION_PROPOSED = "legislation_proposed", _("Legislation cell proposed")
        LEGISLATION_REVIEWED = "legislation_reviewed", _("Legislation cell reviewed")
        STATS_SUBMITTED = "stats_submitted", _("Statistics return submitted")
        STATS_RETURNED = "stats_returned", _("Statistics return sent back")
        EVENT_CONFIRMED = "event_confirmed", _("Participation in an event confirmed")
        EVENT_CONVENED = "event_convened", _("Event convened, with its pre-reading dossier")
        COOPERATION_DUTY = "cooperation_duty", _("Cooperation report due")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_ADDRESS = "no_address", _("No e-mail address")

    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    communique = models.ForeignKey(
        Communique,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("comunicado"),
    )
    # What the notice is about (a meeting, a period, a report, minutes).
    about_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    user = account_field(_("account"), optional=True, on_delete=models.SET_NULL)
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("person"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("recipient"), max_length=250, blank=True)
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    language = models.CharField(_("language"), max_length=2, default="es")
    subject = models.CharField(_("subject"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["kind", "created_at"]),
            models.Index(fields=["about_type", "about_id"]),
            models.Index(fields=["country", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["communique", "person"],
                condition=models.Q(
                    communique__isnull=False, person__isnull=False, kind="communique"
                ),
                name="one_communique_delivery_per_person",
            ),
            models.UniqueConstraint(
                fields=["communique", "user"],
                condition=models.Q(communique__isnull=False, user__isnull=False, kind="communique"),
                name="one_communique_delivery_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.name or self.email}"
