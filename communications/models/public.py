"""What the coalition's public pages show beside the archive's public documents and the
agreements the Plenary made public (001 Coordinación 6; 003 §VIII ST 2: ST keeps the web
pages): news, statements and events, in Spanish and English."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from communications.models.archive import Document


class PublicPost(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        STATEMENT = "statement", _("Statement")
        EVENT = "event", _("Event")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_es = models.CharField(_("summary (Spanish)"), max_length=400, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    body_es = models.TextField(_("text (Spanish)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    # Events: when and where.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("document (public archive)"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = account_field(_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("public post")
        verbose_name_plural = _("public posts")

    def __str__(self) -> str:
        return self.title_es
