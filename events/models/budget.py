"""The plan and budget of an event (issue 21; 003 §X, POA 3.1.1: "Encuentro Regional
Planificado y Financiado", indicator "Plan y Presupuesto"): budget lines, the funding
sources' commitments (money or in kind, each in its currency) and the actual spending.
Amounts are kept in their own currency: totals are per currency, never converted."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models.event import Event
from members.models import Country
from plans.models import Actor

currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("A currency is its three-letter ISO 4217 code (USD, CRC, MXN…).")
)


def currency_field() -> models.CharField:
    return models.CharField(_("currency"), max_length=3, default="USD", validators=[currency_code])


def amount_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        **kwargs,
    )


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        TRAVEL = "travel", _("Travel")
        LODGING = "lodging", _("Lodging and per diem")
        VENUE = "venue", _("Venue and equipment")
        CATERING = "catering", _("Catering")
        INTERPRETATION = "interpretation", _("Interpretation")
        MATERIALS = "materials", _("Materials and printing")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=250)
    planned = amount_field(_("planned amount"))
    currency = currency_field()
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.description


class FundingCommitment(models.Model):
    """What a source (an actor of the directory, a member country, or another named source)
    commits: money (an amount in a currency) or in kind (a description, with an estimated
    value if known)."""

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        IN_KIND = "in_kind", _("In kind")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        RECEIVED = "received", _("Received")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="commitments")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source (actor)"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source (member country)"),
    )
    source_name = models.CharField(_("source (other)"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("what"), max_length=300, blank=True)
    amount = amount_field(
        _("amount"),
        null=True,
        blank=True,
        help_text=_("Money: the amount committed. In kind: its estimated value, if known."),
    )
    currency = currency_field()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLEDGED
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("budget line covered"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("funding commitment")
        verbose_name_plural = _("funding commitments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(actor__isnull=False) & Q(country__isnull=True) & Q(source_name=""))
                | (Q(actor__isnull=True) & Q(country__isnull=False) & Q(source_name=""))
                | (Q(actor__isnull=True) & Q(country__isnull=True) & ~Q(source_name="")),
                name="a_commitment_has_one_source",
                violation_error_code="one_source",
                violation_error_message=_(
                    "Name one source: an actor, a member country or another source."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(amount__isnull=False),
                name="money_has_an_amount",
                violation_error_code="amount_required",
                violation_error_message=_("A commitment of money says how much."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="in_kind") | ~Q(description=""),
                name="in_kind_says_what",
                violation_error_code="description_required",
                violation_error_message=_("A commitment in kind says what is given."),
            ),
        ]

    def __str__(self) -> str:
        source = self.actor or self.country or self.source_name
        return f"{source} · {self.get_kind_display()}"


class Expense(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="expenses")
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("budget line")
    )
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=250)
    amount = amount_field(_("amount"))
    currency = currency_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["spent_on", "pk"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")

    def __str__(self) -> str:
        return f"{self.spent_on} · {self.description}"
