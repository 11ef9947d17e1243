"""Motions put to the Plenary, the votes of the member countries and the reservations
stated on a consensus (001 §4.A.6; 003 §VI Consenso)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.agenda import AgendaItem
from members.models import Country


class Motion(models.Model):
    """A proposal put to the Plenary on an agenda item. Decided by consensus where possible
    (003 §VI, Consenso: «En las decisiones y acuerdos privará el consentimiento», so consensus
    is the default method) or by a vote of one vote per represented member country (001
    §4.A.6, SPEC §3). `entitled_countries` is the list of ISO codes represented when the vote
    opened; the result is computed against it. A motion may be withdrawn, with its reason,
    until it is decided."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus")
        VOTE = "vote", _("Vote")

    class MajorityRule(models.TextChoices):
        SIMPLE = "simple", _("Simple majority of represented member countries")
        TWO_THIRDS = "two_thirds", _("Two thirds of represented member countries")
        UNANIMITY = "unanimity", _("Unanimity of represented member countries")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="motions")
    text = models.TextField(_("text"))
    decision_method = models.CharField(
        _("decision method"), max_length=10, choices=Method.choices, default=Method.CONSENSUS
    )
    majority_rule = models.CharField(
        _("majority rule"), max_length=10, choices=MajorityRule.choices, default=MajorityRule.SIMPLE
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    entitled_countries = models.JSONField(_("countries entitled to vote"), default=list, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item__order", "pk"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self) -> str:
        return self.text[:80]


class Vote(models.Model):
    """One vote of one represented member country on a motion (001 §4.A.6). A vote recorded
    wrongly is corrected by ST while the vote is open; the reason is the history's change
    reason (meetings.services.vote_correct)."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_st = models.BooleanField(_("recorded by the Technical Secretariat"), default=False)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["motion", "country__name_es"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["motion", "country"], name="one_vote_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} · {self.choice}"


class Reservation(models.Model):
    """A reservation a country states on a decision taken by consensus."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="reservations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reservation"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["motion", "country__name_es"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")

    def __str__(self) -> str:
        return f"{self.country_id} · {self.text[:60]}"
