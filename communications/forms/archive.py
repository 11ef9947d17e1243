"""Forms of the archive's pages (issue 18): filters of the list, ST's upload, new version
and metadata edit. The checks of a file are the service's (common.validators.
validate_archive_upload, called by communications.services.archive)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from communications.models import AccessLevel, Document
from members.models import Country

ACCEPTED_HELP = _(
    "PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text (ODT) or "
    "spreadsheet (ODS); no macros; at most %(max)s MB."
)
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods"


def _file_field(max_mb: int) -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        help_text=ACCEPTED_HELP % {"max": max_mb},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    organ = forms.ChoiceField(label=_("Organ"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    access = forms.ChoiceField(label=_("Access level"), required=False)

    def __init__(self, *args, access_levels, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Document.Kind.choices)
        self.fields["organ"].choices = everything + list(Document.Organ.choices)
        self.fields["language"].choices = everything + list(Document.Language.choices)
        self.fields["access"].choices = everything + list(access_levels)
        self.fields["country"].choices = everything + [
            (c.iso_code, c.name) for c in Country.objects.all()
        ]


class DocumentMetadataForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "description",
            "kind",
            "date",
            "organ",
            "country",
            "language",
            "access",
            "reference",
        ]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


class DocumentUploadForm(DocumentMetadataForm):
    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(max_mb)
        self.fields["kind"].initial = Document.Kind.HISTORICAL
        self.fields["access"].initial = AccessLevel.MEMBERS


class VersionUploadForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(max_mb)
