"""Forms of the report pages (issue #7). They only collect the choice; every rule (who may
ask, which terms, length of the narratives) is checked by reports.services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from members.models import Office
from monitoring.models import ProgressReport
from plans.models import POA


def _languages() -> list[tuple[str, str]]:
    """The languages a report is written in, read when a form is built (not at import), so
    the settings in force — and a test's override — decide."""
    return list(settings.LANGUAGES)


def _term_label(office: Office) -> str:
    end = office.end_date.year if office.end_date else "…"
    return f"{office.country} · {office.start_date.year}–{end}"


class _KindForm(forms.Form):
    """The three request forms post to the same page; a hidden field names the kind."""

    KIND = ""
    kind = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {**kwargs["initial"], "kind": self.KIND}
        super().__init__(*args, **kwargs)


class AccountabilityRequestForm(_KindForm):
    """The biennial report of an ST term, or of two POA years, with the two term reports
    the Presidency and ST present at the end of their term (003 §VIII Presidency 12, ST 13)."""

    KIND = "accountability"

    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=_("Term of the Technical Secretariat"),
        empty_label=_("— or choose two POA years below —"),
        help_text=_("The report covers the POA years of the term (003 §IX)."),
    )
    first_year = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Two POA years"),
        help_text=_("Used when no term is chosen. A year without POA is reported as such."),
    )
    language = forms.ChoiceField(
        choices=_languages, initial="es", label=_("Language of the report")
    )
    presidency_narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("Report of the Presidency on its term"),
        help_text=_(
            "003 §VIII, Presidency 12: the actions carried out during the term. "
            "Printed as written; blank lines separate paragraphs."
        ),
    )
    secretariat_narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("Report of the Technical Secretariat on its term"),
        help_text=_(
            "003 §VIII, Technical Secretariat 13: the actions carried out during the term."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = (
            Office.objects.filter(kind=Office.Kind.TECHNICAL_SECRETARIAT)
            .select_related("country")
            .order_by("-start_date")
        )
        self.fields["office"].label_from_instance = _term_label
        years = list(POA.objects.order_by("-year").values_list("year", flat=True))
        self.fields["first_year"].choices = [("", "—")] + [(y, f"{y}–{y + 1}") for y in years]


class ProgressReportPdfForm(_KindForm):
    KIND = "progress_report"
    report = forms.ModelChoiceField(
        queryset=ProgressReport.objects.none(), label=_("Progress report")
    )
    language = forms.ChoiceField(choices=_languages, initial="es", label=_("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = ProgressReport.objects.select_related(
            "period__poa", "national_body__country"
        ).order_by(
            "-period__poa__year", "-period__semester", "-is_regional", "national_body__acronym"
        )


class MinutesPdfForm(_KindForm):
    KIND = "minutes"
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label=_("Meeting"))
    language = forms.ChoiceField(choices=_languages, initial="es", label=_("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(minutes__isnull=False).order_by(
            "-starts_at"
        )
