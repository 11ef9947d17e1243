"""The admission of members and observers (003 §I note 1: the Coalition is open to new
countries; 003 §VIII: observers are organisations "que se acuerde sean invitadas"; 001
§4.A.6: member countries have voice and vote, observer countries voice only).

Each step is a Plenary agreement (meetings.Agreement of an ordinary or extraordinary
plenary, linked): a country is invited, then admitted as a member or an observer country,
which opens its membership (members.Membership) on the day of admission; an organisation is
invited as an observer and, once it accepts, is an observer from that day. An admission can
also be declined or withdrawn, with a reason. Every rule is in presidency.services.admission."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from members.models import Country, Membership, ObserverOrganisation


def letter_upload_to(instance: Admission, filename: str) -> str:
    return f"presidency/admissions/{instance.pk or 'new'}/{filename}"


class Admission(models.Model):
    class Subject(models.TextChoices):
        MEMBER_COUNTRY = "member_country", _("Member country (voice and vote)")
        OBSERVER_COUNTRY = "observer_country", _("Observer country (voice only)")
        OBSERVER_ORGANISATION = "observer_organisation", _("Observer organisation")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ADMITTED = "admitted", _("Admitted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    COUNTRY_SUBJECTS = (Subject.MEMBER_COUNTRY, Subject.OBSERVER_COUNTRY)

    subject = models.CharField(_("admission as"), max_length=24, choices=Subject.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admissions",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        ObserverOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admissions",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invitation_agreement = models.ForeignKey(
        "meetings.Agreement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreement to invite"),
    )
    invited_on = models.DateField(_("invited on"))
    letter = models.FileField(
        _("invitation letter"), upload_to=letter_upload_to, blank=True, max_length=255
    )
    admission_agreement = models.ForeignKey(
        "meetings.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement to admit"),
        help_text=_("For a country: the Plenary agreement that admits it."),
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admission",
        verbose_name=_("membership"),
    )
    closed_reason = models.CharField(
        _("reason"), max_length=500, blank=True, help_text=_("Why it was declined or withdrawn.")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = account_field(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-invited_on", "-pk"]
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject__in=["member_country", "observer_country"])
                    & Q(country__isnull=False)
                    & Q(organisation__isnull=True)
                )
                | (
                    Q(subject="observer_organisation")
                    & Q(country__isnull=True)
                    & Q(organisation__isnull=False)
                ),
                name="admission_names_its_subject",
                violation_error_code="subject_mismatch",
                violation_error_message=_(
                    "A country is admitted as a member or observer country; an organisation as "
                    "an observer organisation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="admitted") | Q(admitted_on__isnull=False),
                name="admission_admitted_has_a_date",
                violation_error_code="admitted_on_required",
                violation_error_message=_("An admission says on which day it took effect."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country or self.organisation} · {self.get_subject_display()}"

    @property
    def subject_name(self) -> str:
        return str(self.country or self.organisation)
