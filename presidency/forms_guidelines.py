"""Forms of the follow-up of the Lineamientos. The rules are the services'
(presidency.services.guidelines); the forms carry the version a record was read at."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import add_version_field
from meetings.models import Meeting
from presidency.models import Guideline, GuidelineProgress, ReorientationProposal


class ProgressForm(forms.Form):
    """One line of a country's checklist (one guideline), in the area's page of lines."""

    status = forms.ChoiceField(label=_("Status"), choices=GuidelineProgress.Status.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What shows it: a law, a protocol, a campaign, an agreement… Required to submit a "
            "guideline in progress or implemented."
        ),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )
    comments = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, line, **kwargs):
        row = line.row
        kwargs.setdefault(
            "initial",
            {
                "status": row.status,
                "evidence": row.evidence,
                "evidence_url": row.evidence_url,
                "comments": row.comments,
            },
        )
        kwargs.setdefault("prefix", f"g{line.guideline.area}{line.guideline.number}")
        super().__init__(*args, **kwargs)
        self.line = line
        add_version_field(self, row)


def area_forms(data, lines) -> list[ProgressForm]:
    """The forms of an area's page: one per guideline, in order."""
    return [ProgressForm(data, line=line) for line in lines]


class SubmitChoiceForm(forms.Form):
    submit = forms.BooleanField(
        label=_("Submit these changes to the Technical Secretariat for review"),
        required=False,
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the focal point"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return the line; optional to accept it."),
    )

    def __init__(self, *args, progress, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, progress)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    guideline = forms.ModelChoiceField(
        label=_("Guideline"),
        queryset=Guideline.objects.all(),
        required=False,
        help_text=_("The guideline the proposal reorients; leave empty for a whole area."),
    )
    area = forms.ChoiceField(
        label=_("Area"),
        choices=[("", "—"), *Guideline.Area.choices],
        required=False,
        help_text=_("For a proposal on a whole area rather than one guideline."),
    )
    rationale = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the checklists show."),
    )
    proposal = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, instance: ReorientationProposal | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": instance.title,
                    "guideline": instance.guideline_id,
                    "area": instance.area,
                    "rationale": instance.rationale,
                    "proposal": instance.proposal,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["guideline"].label_from_instance = lambda g: f"{g.code} · {g.text[:90]}"
        if instance is not None:
            add_version_field(self, instance)


class ProposalSubmitForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Plenary"),
        queryset=None,
        help_text=_("An ordinary or extraordinary plenary whose agenda still takes items."),
    )

    def __init__(self, *args, proposal, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        add_version_field(self, proposal)


class ProposalDecideForm(forms.Form):
    adopted = forms.TypedChoiceField(
        label=_("What the Plenary decided"),
        choices=[("yes", _("Adopted")), ("no", _("Not adopted"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=None,
        required=False,
        help_text=_("The Plenary agreement that adopted it (required when adopted)."),
    )

    def __init__(self, *args, proposal, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["agreement"].label_from_instance = lambda a: f"{a.number} · {a.text[:90]}"
        add_version_field(self, proposal)


class VersionForm(forms.Form):
    """A confirmation page's form: only the version the record was read at."""

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, record)
