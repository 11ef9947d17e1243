"""Forms of the report pages (issue #7) and of the term reports (issue 17). They only
collect the choice; every rule (who may ask or write, which terms, which meeting, the
version read) is checked by reports.services."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from members.models import Office
from monitoring.models import ProgressReport
from plans.models import POA
from reports.models import TermReport


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
    """The biennial report of an ST term, or of two POA years. The term reports of the
    Presidency and ST (003 §VIII Presidency 12, ST 13) are documents of their own
    (TermReportForm): the report prints those presented when it is built."""

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


# --- Term reports (issue 17) --------------------------------------------------------------


class TermReportForm(forms.Form):
    """A draft term report's title and text sections (TermReport.SECTIONS, labelled as the
    model labels them), with the version the page was read at."""

    title = forms.CharField(label=_("Title"), max_length=250)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in TermReport.SECTIONS:
            field = TermReport._meta.get_field(key)
            self.fields[key] = forms.CharField(
                label=field.verbose_name,
                required=False,
                help_text=field.help_text,
                widget=forms.Textarea(attrs={"rows": 10 if key == "actions" else 4}),
            )
        self.order_fields(["title", *TermReport.SECTIONS, "version"])


class TermReportPresentForm(forms.Form):
    """Which plenary meeting of the term the report was presented at, confirmed."""

    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label=_("Plenary meeting where it was presented"),
        empty_label=_("— choose a plenary meeting of the term —"),
    )
    confirm = forms.BooleanField(
        label=_(
            "The report was presented at this meeting: freeze it (it can no longer be edited)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, meetings: list[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        # Any plenary may be posted; the service refuses one outside the term with a reason.
        field = cast(forms.ModelChoiceField, self.fields["meeting"])
        field.queryset = Meeting.objects.filter(kind__in=Meeting.PLENARY_KINDS)
        field.choices = [("", field.empty_label)] + [
            (m.pk, f"{m.title} · {m.date:%Y-%m-%d}") for m in meetings
        ]


class TermReportArchiveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Archive this report (it stays printed in the biennial accountability report).")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
