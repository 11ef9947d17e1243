"""The form of the public pages' posts (ST)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from communications.models import AccessLevel, Document, PublicPost
from communications.services.public import POST_FIELDS


class PostForm(forms.ModelForm):
    """The fields of a post; the rules (ST only, an event's dates, a public document) are
    the services' (communications.services.public)."""

    class Meta:
        model = PublicPost
        fields = list(POST_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "body_es": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "body_es": _("Plain text; a blank line starts a new paragraph."),
            "body_en": _("Optional. Without it the Spanish version is shown on English pages."),
            "document": _("Only the archive's public documents can be attached."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(
            access=AccessLevel.PUBLIC
        ).order_by("-date", "-pk")

    def _post_clean(self):
        """The services validate the model (ModelForm would also check the slug, which the
        service makes)."""
