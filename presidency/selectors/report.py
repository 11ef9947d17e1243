"""What the Presidency's records give the reports (reports app, a layer above): the
cooperation section of the biennial accountability report and the Presidency's part of its
term report's summary. JSON-ready (snapshots are frozen as JSON): codes not labels, amounts
as strings of their decimal value, dates ISO. A fixed number of queries whatever the number
of records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

from presidency.models import (
    Admission,
    CooperationProject,
    GuidelineProgress,
    ReorientationProposal,
    RepresentationEntry,
)
from presidency.selectors import cooperation


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _amounts(totals, attribute: str) -> dict[str, str]:
    return {
        t.currency: f"{Decimal(getattr(t, attribute)):.2f}"
        for t in sorted(totals, key=lambda t: t.currency)
        if getattr(t, attribute)
    }


def cooperation_for_years(years: list[int]) -> dict:
    """The cooperation of `years`: every project of those years (any stage, so proposals
    and declined ones are seen), and per partner and year the contributions committed
    (presidency.selectors.cooperation.totals: the stages CooperationProject.COUNTED): money
    per currency, never converted, and the contributions in kind (how many, with their
    estimated value per currency where known). Three queries."""
    projects = list(
        CooperationProject.objects.filter(year__in=years)
        .select_related("partner")
        .prefetch_related("activities")
        .order_by("year", "partner__name", "pk")
    )
    counted = cooperation.totals(years=years)
    by_year = {row.year: row.totals for row in counted.years}
    return {
        "years": years,
        "projects": [
            {
                "id": p.pk,
                "title": p.title,
                "partner": p.partner.name,
                "year": p.year,
                "stage": p.stage,
                "kind": p.kind,
                "amount": str(p.amount) if p.amount is not None else None,
                "currency": p.currency,
                "in_kind": p.in_kind,
                "activities": sorted(a.code for a in p.activities.all()),
            }
            for p in projects
        ],
        "totals": [
            {
                "partner": row.partner,
                "year": row.year,
                "money": _amounts(row.totals, "committed"),
                "in_kind": sum(t.in_kind_count for t in row.totals),
                "in_kind_value": _amounts(row.totals, "in_kind_value"),
            }
            for row in sorted(counted.rows, key=lambda r: (r.partner, r.year))
        ],
        "by_year": [
            {"year": year, "money": _amounts(by_year.get(year, []), "committed")} for year in years
        ],
        "stages": {
            stage: sum(1 for p in projects if p.stage == stage)
            for stage in sorted(CooperationProject.Stage.values)
        },
    }


def term_work(years: list[int]) -> dict:
    """The Presidency's work in the calendar years of a term, for its term report's summary
    (003 §VIII Presidency 12): the representation entries (reported or still to report),
    the cooperation (as the biennial report counts it), the admissions decided, the state of
    the countries' checklists of the Lineamientos and the reorientation proposals."""
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    entries = list(
        RepresentationEntry.objects.filter(start_date__range=(first, last))
        .select_related("reported_at")
        .order_by("start_date", "pk")
    )
    admissions = list(
        Admission.objects.filter(
            Q(invited_on__range=(first, last)) | Q(admitted_on__range=(first, last))
        )
        .select_related("country", "organisation", "invitation_agreement", "admission_agreement")
        .order_by("invited_on", "pk")
    )
    checklist = dict(
        GuidelineProgress.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    proposals = dict(
        ReorientationProposal.objects.filter(created_at__date__range=(first, last))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "representation": {
            "total": len(entries),
            "reported": sum(1 for e in entries if e.status == RepresentationEntry.Status.REPORTED),
            "items": [
                {
                    "event": e.event_name,
                    "kind": e.kind,
                    "start": _iso(e.start_date),
                    "end": _iso(e.end_date),
                    "place": e.place,
                    "who": e.who,
                    "status": e.status,
                    "reported_at": e.reported_at.title if e.reported_at else None,
                }
                for e in entries
            ],
        },
        "cooperation": cooperation_for_years(years),
        "admissions": [
            {
                "subject": a.subject,
                "name": a.subject_name,
                "status": a.status,
                "invited_on": _iso(a.invited_on),
                "admitted_on": _iso(a.admitted_on),
                "invitation_agreement": a.invitation_agreement.number,
                "admission_agreement": a.admission_agreement.number
                if a.admission_agreement
                else None,
            }
            for a in admissions
        ],
        "checklist": {
            status: checklist.get(status, 0) for status in GuidelineProgress.Status.values
        },
        "proposals": {
            status: proposals.get(status, 0) for status in ReorientationProposal.Status.values
        },
    }
