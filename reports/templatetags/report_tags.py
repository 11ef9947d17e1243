"""Presentation helpers of the report PDFs (issue #7). The snapshot stores codes, ISO dates
and both languages' country names; these filters turn them into the reader's language when
the PDF is rendered (translation.override around the rendering)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language

from meetings.models import Agreement, Meeting
from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.selectors import ResultStatus, Timeliness
from plans.models import Indicator
from presidency.models import Admission, CooperationProject
from reports.models import ReportJob

register = template.Library()

VOCABULARIES = {
    "result_status": ResultStatus.LABELS,
    "timeliness": Timeliness.LABELS,
    "agreement_status": dict(Agreement.Status.choices),
    "meeting_kind": dict(Meeting.Kind.choices),
    "modality": dict(Meeting.Modality.choices),
    "goal_status": dict(ProgressEntry.GoalStatus.choices),
    "report_status": dict(ProgressReport.Status.choices),
    "period_status": dict(ReportingPeriod.Status.choices),
    "semester": dict(ReportingPeriod.Semester.choices),
    "indicator_kind": dict(Indicator.Kind.choices),
    "measure": dict(Indicator.Measure.choices),
    "admission_subject": dict(Admission.Subject.choices),
    "admission_status": dict(Admission.Status.choices),
    "cooperation_stage": dict(CooperationProject.Stage.choices),
}


JOB_BADGE = {
    ReportJob.State.READY: "text-bg-success",
    ReportJob.State.FAILED: "text-bg-danger",
    ReportJob.State.BUILDING: "text-bg-info",
}


@register.filter
def job_badge(state: str) -> str:
    """The badge colour of a report job's state (the state is also written as text)."""
    return JOB_BADGE.get(state, "text-bg-secondary")


@register.filter
def label(code, vocabulary: str) -> str:
    """The label of a stored code in the active language ("" for an empty code)."""
    if code in (None, ""):
        return ""
    labels = VOCABULARIES.get(vocabulary, {})
    try:
        return str(labels.get(code, code))
    except TypeError:
        return str(code)


@register.filter
def country(value: dict | None) -> str:
    """A snapshot's country ({"iso", "name_es", "name_en"}) in the active language."""
    if not value:
        return ""
    if (get_language() or "es").startswith("en"):
        return value.get("name_en") or value.get("name_es") or value.get("iso", "")
    return value.get("name_es") or value.get("iso", "")


@register.filter
def isodate(value: str | None):
    """An ISO date or datetime string of the snapshot as a date/datetime for |date."""
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return parse_datetime(value) if "T" in value else parse_date(value)


@register.filter
def item(mapping, key):
    """mapping[key] for dicts (str keys, as JSON stores them) and lists."""
    if mapping is None:
        return None
    if isinstance(mapping, list | tuple):
        try:
            return mapping[int(key)]
        except (IndexError, ValueError, TypeError):
            return None
    return mapping.get(key, mapping.get(str(key)))
