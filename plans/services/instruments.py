"""Instruments (strategies, protocols, procedures, diagnoses...) and their dated stages
(issue #6: "drafted → approved (by whom, which agreement or legal act) → implemented")."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import Country, User
from plans.models import Indicator, InstrumentStage, PlanInstrument, Scope, Stage
from plans.permissions import ensure_can_register_for
from plans.services.base import assign_fields, save_checked
from plans.services.records import (
    attach_evidence,
    attach_new_evidence,
    ensure_not_future,
    lock_for_change,
    require_evidence,
    save_change,
)

STAGE_OUT_OF_ORDER = _(
    "The stage “%(stage)s” cannot be dated before an earlier stage or after a later one."
)
STAGE_EXISTS = _("This instrument already has the stage “%(stage)s”; correct that one instead.")
INDICATOR_NOT_FROM_INSTRUMENTS = _("This indicator is not measured from instruments.")
INSTRUMENT_KIND_MISMATCH = _("This indicator counts documents of type “%(kind)s”.")
INSTRUMENT_NEEDS_COUNTRY = _("This indicator counts national instruments: choose the country.")
INSTRUMENT_MUST_BE_REGIONAL = _(
    "This indicator counts a regional instrument of the Coalition: leave the country empty."
)

INSTRUMENT_FIELDS = ("kind", "country", "title", "indicator", "description", "evidence_url")
STAGE_FIELDS = ("stage", "date", "approved_by", "approving_act", "note", "evidence_url")


def _check_serves(*, kind: str, country: Country | None, indicator: Indicator | None) -> None:
    """An instrument that serves an indicator must be of the type and scope it counts, or it
    would silently not count (or count where it should not)."""
    if indicator is None:
        return
    if indicator.measure != Indicator.Measure.INSTRUMENT_STAGE:
        raise ValidationError(
            {
                "indicator": ValidationError(
                    INDICATOR_NOT_FROM_INSTRUMENTS, code="indicator_not_from_instruments"
                )
            }
        )
    if kind != indicator.instrument_kind:
        raise ValidationError(
            {
                "kind": ValidationError(
                    INSTRUMENT_KIND_MISMATCH,
                    code="instrument_kind_mismatch",
                    params={"kind": indicator.get_instrument_kind_display()},
                )
            }
        )
    if indicator.instrument_scope == Scope.NATIONAL and country is None:
        raise ValidationError(
            {"country": ValidationError(INSTRUMENT_NEEDS_COUNTRY, code="instrument_scope_mismatch")}
        )
    if indicator.instrument_scope == Scope.REGIONAL and country is not None:
        raise ValidationError(
            {
                "country": ValidationError(
                    INSTRUMENT_MUST_BE_REGIONAL, code="instrument_scope_mismatch"
                )
            }
        )


@transaction.atomic
def instrument_create(
    *,
    user: User,
    kind: str,
    title: str,
    country: Country | None = None,
    indicator: Indicator | None = None,
    description: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> PlanInstrument:
    """Register a strategy, protocol, procedure... (issue #6). Its stages come next."""
    ensure_can_register_for(user, country)
    _check_serves(kind=kind, country=country, indicator=indicator)
    instrument = PlanInstrument(
        kind=kind,
        title=title.strip(),
        country=country,
        indicator=indicator,
        result_id=indicator.result_id if indicator else None,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    attach_evidence(instrument, evidence_file)
    save_checked(instrument, user)
    return instrument


@transaction.atomic
def instrument_update(
    *,
    user: User,
    instrument: PlanInstrument,
    evidence_file: UploadedFile | None = None,
    expected_version: int | None = None,
    **fields,
) -> PlanInstrument:
    instrument, changed = lock_for_change(
        instrument, user, fields, INSTRUMENT_FIELDS, expected_version
    )
    _check_serves(kind=instrument.kind, country=instrument.country, indicator=instrument.indicator)
    instrument.result_id = (
        instrument.indicator.result_id if instrument.indicator_id else instrument.result_id
    )
    attach_new_evidence(instrument, evidence_file, changed)
    save_change(instrument, user, changed)
    return instrument


def _check_stage_order(row: InstrumentStage) -> None:
    """Dated stages follow their order: approval cannot precede drafting, implementation
    cannot precede approval (equal dates are allowed)."""
    for other in row.instrument.stages.exclude(pk=row.pk):
        if (other.stage < row.stage and other.date > row.date) or (
            other.stage > row.stage and other.date < row.date
        ):
            raise ValidationError(
                {
                    "date": ValidationError(
                        STAGE_OUT_OF_ORDER,
                        code="stage_out_of_order",
                        params={"stage": row.get_stage_display()},
                    )
                }
            )


@transaction.atomic
def instrument_stage_create(
    *,
    user: User,
    instrument: PlanInstrument,
    stage: int,
    date: dt.date,
    approved_by: str = "",
    approving_act: str = "",
    note: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> InstrumentStage:
    """Date a stage of an instrument, with its evidence (and, for an approval, who approved
    it and by which agreement or legal act)."""
    ensure_can_register_for(user, instrument.country_id)
    instrument = PlanInstrument.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    stage = int(stage)
    if instrument.stages.filter(stage=stage).exists():
        raise ValidationError(
            STAGE_EXISTS, code="stage_exists", params={"stage": Stage(stage).label}
        )
    ensure_not_future(date)
    row = InstrumentStage(
        instrument=instrument,
        stage=stage,
        date=date,
        approved_by=approved_by.strip(),
        approving_act=approving_act.strip(),
        note=note.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    attach_evidence(row, evidence_file)
    require_evidence(row)
    _check_stage_order(row)
    save_checked(row, user)
    return row


@transaction.atomic
def instrument_stage_update(
    *,
    user: User,
    stage_row: InstrumentStage,
    evidence_file: UploadedFile | None = None,
    expected_version: int | None = None,
    **fields,
) -> InstrumentStage:
    row = (
        InstrumentStage.objects.select_for_update(of=("self",))
        .select_related("instrument")
        .get(pk=stage_row.pk)
    )
    ensure_can_register_for(user, row.instrument.country_id)
    claim_version(row, expected_version)
    if "stage" in fields:
        fields["stage"] = int(fields["stage"])
        if (
            fields["stage"] != row.stage
            and row.instrument.stages.filter(stage=fields["stage"]).exists()
        ):
            raise ValidationError(
                STAGE_EXISTS, code="stage_exists", params={"stage": Stage(fields["stage"]).label}
            )
    changed = assign_fields(row, fields, STAGE_FIELDS)
    ensure_not_future(row.date)
    attach_new_evidence(row, evidence_file, changed)
    require_evidence(row)
    _check_stage_order(row)
    save_change(row, user, changed)
    return row
