"""The representation log (003 §VIII Presidency 5: "Representar a la Coalición Regional en
eventos, reuniones y comparecencias internacionales, de las cuales deberá rendir informe al
respecto, en la siguiente reunión de la Coalición Regional. En caso de no poder representar,
tendrá la facultad de delegar esa función en algún otro miembro"; 001 Coordinación 8; 003
§VIII Pleno: every representative promotes the Coalition "en todas las actividades de
carácter nacional e internacional en las que participen").

An entry is open until it is reported: while open, it is an item "Informe de representación"
on the next plenary's agenda (presidency.services.agenda); the Presidency or ST marks it
reported when it was presented there, and it leaves the agendas after that one."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from members.models import Country, Person


class RepresentationEntry(models.Model):
    class Kind(models.TextChoices):
        # 003 §VIII Presidency 5: the Presidency represents, or a member it delegates.
        REPRESENTATION = "representation", _("Representation of the Coalition")
        # 003 §VIII Pleno: a representative promotes the Coalition's work.
        PROMOTION = "promotion", _("Promotion of the Coalition's work")

    class RepresentedBy(models.TextChoices):
        PRESIDENCY = "presidency", _("The Presidency")
        DELEGATE = "delegate", _("A member delegated by the Presidency")
        REPRESENTATIVE = "representative", _("A representative before the Coalition")

    class Status(models.TextChoices):
        OPEN = "open", _("To report")
        REPORTED = "reported", _("Reported to the plenary")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    event_name = models.CharField(_("event"), max_length=300)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event of the Coalition"),
        help_text=_("When the activity is one of the Coalition's own events."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    represented_by = models.CharField(
        _("represented by"), max_length=16, choices=RepresentedBy.choices
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    person_name = models.CharField(
        _("name of who represented"),
        max_length=200,
        blank=True,
        help_text=_("When the person is not in the registry."),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country represented"),
        help_text=_("The member country of whoever represented or promoted the Coalition."),
    )
    delegation = models.CharField(
        _("delegation"),
        max_length=300,
        blank=True,
        help_text=_("For a delegate: how and when the Presidency delegated (e.g. its note)."),
    )
    positions = models.TextField(_("positions taken"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # While open: its item on the next plenary's agenda (presidency.services.agenda).
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    reported_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported at"),
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    created_by = account_field(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("representation entry")
        verbose_name_plural = _("representation entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="representation_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(reported_at__isnull=False, reported_on__isnull=False),
                name="representation_reported_where",
                violation_error_code="reported_where",
                violation_error_message=_("A reported entry says at which meeting and when."),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(person_name=""),
                name="representation_names_a_person",
                violation_error_code="person_required",
                violation_error_message=_("Say who represented the Coalition."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_name} · {self.start_date}"

    @property
    def who(self) -> str:
        return str(self.person) if self.person_id else self.person_name


def representation_document_upload_to(instance: RepresentationDocument, filename: str) -> str:
    return f"presidency/representation/{instance.entry_id}/{filename}"


class RepresentationDocument(models.Model):
    """A document of a representation (the programme, a statement, the report itself)."""

    entry = models.ForeignKey(
        RepresentationEntry, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=representation_document_upload_to, max_length=255)
    uploaded_by = account_field(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("representation document")
        verbose_name_plural = _("representation documents")

    def __str__(self) -> str:
        return self.title
