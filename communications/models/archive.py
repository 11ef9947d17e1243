"""The archive (003 §VIII ST 12: the ST is "depositaria de los archivos y de las actas"): one
register of the coalition's documents, each with its versions. A document comes from an
upload by ST, or is registered by the app that produced it (a meeting's documents and
minutes, reports, plan instruments, comunicados' attachments) or by the loaders (the
regional agreements of 003 §IV.C)."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field


class AccessLevel(models.TextChoices):
    """Who may read a record (communications.selectors.access): public — anybody; members —
    the coalition's signed-in accounts (the members' side and the observers; never partner
    agencies); restricted — the members' side only (ST, the Presidency, focal points and
    delegates), never observers, partner agencies or anonymous readers."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members")
    RESTRICTED = "restricted", _("Restricted")


# The archive's order: newest first by year, then day; what the source leaves undated last.
NEWEST_FIRST = [
    models.F("year").desc(nulls_last=True),
    models.F("date").desc(nulls_last=True),
    "-pk",
]


class Document(models.Model):
    class Kind(models.TextChoices):
        MEETING_DOCUMENT = "meeting_document", _("Meeting document")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        PLAN_INSTRUMENT = "plan_instrument", _("Plan instrument")
        COMMUNIQUE_ATTACHMENT = "communique_attachment", _("Comunicado attachment")
        REGIONAL_AGREEMENT = "regional_agreement", _("Regional agreement")
        PUBLICATION = "publication", _("Publication")
        HISTORICAL = "historical", _("Historical document")
        OTHER = "other", _("Other")

    class Organ(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PRESIDENCY = "presidency", _("Presidency")
        SECRETARIAT = "secretariat", _("Technical Secretariat")
        PETIT_COMITE = "petit_comite", _("Petit Comité")
        COMMITTEE = "committee", _("Working committee")
        COUNTRY = "country", _("National body")
        EXTERNAL = "external", _("External")

    class Language(models.TextChoices):
        ES = "es", _("Spanish")
        EN = "en", _("English")
        BOTH = "es-en", _("Spanish and English")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=25, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    organ = models.CharField(_("organ"), max_length=15, choices=Organ.choices, blank=True)
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_documents",
        verbose_name=_("country"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ES
    )
    access = models.CharField(
        _("access level"), max_length=10, choices=AccessLevel.choices, default=AccessLevel.MEMBERS
    )
    # Where the document came from, when another record produced it (a meeting document,
    # minutes, a report job, a comunicado): one archive entry per source.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    legal_instrument = models.OneToOneField(
        "members.LegalInstrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_document",
        verbose_name=_("legal instrument"),
    )
    reference = models.CharField(
        _("reference in the source"), max_length=200, blank=True
    )  # e.g. "003 §IV.C (línea 545)"
    # The text searched: title, description and the current version's extracted text,
    # lower-cased without accents (the fallback search of the embedded database).
    search_text = models.TextField(editable=False, blank=True, default="")
    # PostgreSQL only: the weighted full-text vector (title A, description B, search_text C),
    # kept by a trigger of migration 0003 on every write, GIN-indexed (communications.search).
    # Always null on other databases.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = account_field(_("registered by"), optional=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text", "search_vector"])

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("archive document")
        verbose_name_plural = _("archive documents")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="one_archive_entry_per_source",
            )
        ]
        indexes = [models.Index(fields=["access", "kind"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The document's page: it enforces the access level (and lists every version)."""
        return reverse("archive:detail", args=[self.pk])


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    return f"archive/{instance.document_id}/{instance.number}/{filename}"


class DocumentVersion(models.Model):
    """One file of a document; the highest number is the current one. Earlier versions stay
    readable by whoever may read the document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = account_field(_("uploaded by"), optional=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.document} · v{self.number}"

    def get_absolute_url(self) -> str:
        """The file's download, which enforces the document's access level."""
        return reverse("archive:download", args=[self.pk])
