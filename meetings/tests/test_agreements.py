"""Agreements (acuerdos): register, follow-up (SPEC §3). "Overdue", read rather than stored:
meetings/tests/test_agreements_overdue.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def test_st_sets_responsible_bodies_organs_and_due_date(coalition, st_user):
    agreement = AgreementFactory()
    services.agreement_update(
        user=st_user,
        agreement=agreement,
        responsible_bodies=[coalition["HN"], coalition["GT"]],
        responsible_organs=["technical_secretariat", "presidency"],
        due_date=dt.date(2026, 12, 31),
    )
    agreement.refresh_from_db()
    assert sorted(b.acronym for b in agreement.responsible_bodies.all()) == ["CICESCT", "CIT"]
    assert agreement.responsible_organs == ["technical_secretariat", "presidency"]
    with pytest.raises(ValidationError) as error:
        services.agreement_update(user=st_user, agreement=agreement, responsible_organs=["pope"])
    assert error.value.code == "bad_organ"


def test_responsible_focal_point_adds_follow_up_with_evidence(
    coalition, focal_point_hn, focal_point_gt
):
    agreement = AgreementFactory()
    agreement.responsible_bodies.set([coalition["HN"]])
    evidence = SimpleUploadedFile("informe.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    entry = services.agreement_follow_up_add(
        user=focal_point_hn,
        agreement=agreement,
        note="Protocolo aprobado",
        evidence=evidence,
        new_status="fulfilled",
        date=dt.date(2026, 6, 15),
    )
    agreement.refresh_from_db()
    assert entry.evidence.name.endswith(".pdf")
    assert agreement.status == "fulfilled" and agreement.fulfilled_on == dt.date(2026, 6, 15)
    with pytest.raises(PermissionDenied):
        services.agreement_follow_up_add(user=focal_point_gt, agreement=agreement, note="x")


def test_follow_up_evidence_must_be_a_document(coalition, st_user):
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.agreement_follow_up_add(
            user=st_user,
            agreement=agreement,
            note="x",
            evidence=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        )
    assert error.value.code == "file_wrong_type"


def test_agreement_links_to_poa_activities(st_user, coalition):
    """An agreement may advance POA activities (SPEC §3): the register keeps the link."""
    from meetings import services
    from meetings.tests.factories import AgreementFactory
    from plans.loaders import load_plan
    from plans.models import Activity

    load_plan()
    agreement = AgreementFactory()
    activity = Activity.objects.get(code="2.1.3.1", operational_objective__poa__year=2018)
    services.agreement_update(
        user=st_user, agreement=agreement, due_date=None, activities=[activity]
    )
    assert list(activity.agreements.all()) == [agreement]
