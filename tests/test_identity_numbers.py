"""No identity-document or passport number on the platform (issue 23, data protection):
common.validators.refuse_identity_numbers on every user-typed text field (attached at start-up
by install_identity_number_guard), on every uploaded file's name (validate_document_upload) and
on history change reasons. The negatives are the platform's ordinary content, the seed
documents and the demo data: the guard must not flag any of it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from common.validators import (
    find_identity_number,
    guarded_fields,
    refuse_identity_numbers,
    validate_document_upload,
)
from meetings import services as meetings_services
from meetings.tests.factories import MeetingFactory
from members.models import Person
from members.services.base import clean_and_save
from members.tests.factories import PersonFactory
from monitoring.models import ProgressEntry
from monitoring.tests.conftest import period, poa  # noqa: F401  (the small POA, its period)
from monitoring.tests.factories import activity, fill, report_of

SEEDS = Path("/work/shared/seeds")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

POSITIVES = [
    "La víctima portaba el pasaporte G12345678 al ser rescatada",
    "passport no. A1234567",
    "Passport number: P 4455667",
    "DPI 2543 12345 0101",
    "DNI: 0801-1990-12345",
    "DUI 04567890-1",
    "cédula 1-1234-5678",
    "cedula de identidad No. 8-123-4567",
    "CURP GOMC850101HDFRRR09",
    "No. de identidad 080119901234",
    "identificación 4567123",
    "Identity card number X-987654",
    "Se atendió a la persona con número 2543 12345 0101",  # Guatemala DPI 4-5-4
    "0801-1990-12345",  # Honduras DNI 4-4-5
    "04567890-1",  # El Salvador DUI
    "1-1234-5678",  # Costa Rica cédula
    "8-123-4567",  # Panama cédula
    "PE-123-456",  # Panama cédula, foreign-born
    "001-1234567-8",  # Dominican Republic cédula
    "001-120390-0001K",  # Nicaragua cédula
    "PEGJ900512MDFRRN05",  # Mexico CURP
    "2543123450101",  # bare 13 digits
    "pasaporte_G1234567.pdf",
]
NEGATIVES = [
    "Acuerdo CR-2018-01 de la Reunión Plenaria",
    "Plan Estratégico 2018-2027",
    "Reunión del 15/03/2019 y del 2019-03-15, también 15-03-2019",
    "Avance del 75 % y 12.5% del semestre I",
    "Teléfono +502 2411-1900",
    "Tel. +506 2222 3333 / +1 809 555 1234",
    "Tel. +504 2222-3333 ext. 12345",
    "Actividad 1.1.2 del objetivo operativo 1.1",
    "GT GTM CRI HND",
    "https://example.org/doc/1234567890123",
    "contacto: jperez@gob.gt",
    "Decreto 9-2009, Ley 8720",
    "Identificación de víctimas 2018-2019",
    "cédula 2018",
    "Emisión de pasaportes 2018-2019",
    "Lineamientos Regionales para la Identificación Preliminar de Perfiles (2013)",
    "POA 2018 semestre I, 50%",
    "Se atendió a 1250 víctimas y 34 migrantes objeto de tráfico en 2019",
    "Retraso por falta de fondos",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_identity_numbers_are_refused(text):
    assert find_identity_number(text), text
    with pytest.raises(ValidationError) as exc:
        refuse_identity_numbers(text)
    assert exc.value.code == "identity_number"


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_content_passes(text):
    assert find_identity_number(text) is None, find_identity_number(text)
    refuse_identity_numbers(text)


def test_json_values_and_file_names_are_read_too():
    with pytest.raises(ValidationError):
        refuse_identity_numbers({"points": ["Informe", {"note": "DPI 2543 12345 0101"}]})
    refuse_identity_numbers({"points": ["Informe del 2019", 12345678901234]})


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_no_seed_document_is_flagged(seed):
    """The false-positive check: the sources the platform is built from pass, whole."""
    text = seed.read_text(encoding="utf-8")
    assert find_identity_number(text) is None
    for line in text.splitlines():
        assert find_identity_number(line) is None, line


@pytest.mark.django_db
def test_no_demo_data_is_flagged(st_user):
    """Every guarded field of the coalition and the demo data (through the loaders and the
    services, which already ran the guard) holds nothing the guard refuses."""
    commands = ("load_coalition", "load_demo", "load_demo_meetings", "load_demo_records")
    for command in (*commands, "load_demo_progress"):
        call_command(command, stdout=io.StringIO())
    checked = 0
    for field in guarded_fields():
        for value in field.model._default_manager.values_list(field.attname, flat=True):
            refuse_identity_numbers(value)
            checked += 1
    assert checked > 500


def test_the_guard_covers_the_fields_users_type():
    names = {f"{f.model._meta.label}.{f.name}" for f in guarded_fields()}
    for expected in (
        "monitoring.ProgressEntry.justification",
        "monitoring.ProgressEntry.decrease_reason",
        "monitoring.Evidence.description",
        "monitoring.Evidence.file",
        "meetings.AgendaItem.title",
        "meetings.AgendaItem.description",
        "meetings.Agreement.text",
        "meetings.Minutes.records",
        "members.Person.first_name",
        "members.Person.position",
        "members.Designation.revocation_reason",
        "plans.Actor.notes",
        "reports.TermReport.conclusions",
    ):
        assert expected in names
    assert "members.User.password" not in names
    assert "members.Person.email" not in names


# --- where users type: each path refuses, with the field and the code --------------------


@pytest.mark.django_db
def test_progress_row_justification_is_refused(period, coalition, focal_point_hn, poa):  # noqa: F811
    report = report_of(period, coalition["HN"])
    with pytest.raises(ValidationError) as exc:
        fill(report, focal_point_hn, {"1.1.1": 10}, justification="Víctima con DPI 2543 12345 0101")
    assert exc.value.message_dict.keys() == {"justification"}
    assert exc.value.error_dict["justification"][0].code == "identity_number"
    entry = ProgressEntry.objects.get(report=report, activity=activity(poa, "1.1.1"))
    assert "2543" not in entry.justification


@pytest.mark.django_db
def test_a_change_reason_kept_in_history_is_refused(st_user):
    person = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        clean_and_save(person, st_user, reason="pasaporte G12345678")
    assert exc.value.code == "identity_number"


@pytest.mark.django_db
def test_agenda_item_text_is_refused(st_user):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as exc:
        meetings_services.agenda_item_create(
            user=st_user,
            meeting=meeting,
            title="Caso de la señora con cédula 1-1234-5678",
        )
    assert exc.value.error_dict["title"][0].code == "identity_number"
    meetings_services.agenda_item_create(
        user=st_user, meeting=meeting, title="Seguimiento del acuerdo CR-2018-01"
    )


@pytest.mark.django_db
def test_person_text_is_refused_on_the_page(client, st_user, coalition):
    client.force_login(st_user)
    response = client.post(
        "/members/people/new/",
        {
            "first_name": "Ana",
            "last_name": "Pérez",
            "institution": "Ministerio Público",
            "position": "Fiscal, DNI 0801-1990-12345",
            "language": "es",
            "country": coalition["HN"].country_id,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["position"]] == ["identity_number"]
    assert not Person.objects.filter(last_name="Pérez", first_name="Ana").exists()


def test_evidence_file_name_is_refused():
    upload = SimpleUploadedFile("pasaporte_G1234567.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        validate_document_upload(upload)
    assert exc.value.code == "identity_number"
    validate_document_upload(SimpleUploadedFile("informe-2019.pdf", PDF))


@pytest.mark.django_db
def test_api_write_is_refused_with_the_code(fp_hn_api, period, coalition, poa):  # noqa: F811
    report = report_of(period, coalition["HN"])
    a1 = activity(poa, "1.1.1")
    response = fp_hn_api.post(
        f"/api/v1/progress-reports/{report.pk}/entries/",
        {
            "version": report.version,
            "entries": [{"activity": a1.pk, "progress": 10, "justification": "DUI 04567890-1"}],
        },
        format="json",
    )
    body = response.json()
    assert response.status_code == 400, body
    codes = {e["code"] for errors in body["fields"].values() for e in errors}
    assert codes == {"identity_number"}, body


def test_the_guard_keeps_each_field_s_own_validators():
    """The guard is added beside what a field checks already (a CharField's maximum length),
    never instead of it; and not twice."""
    field = Person._meta.get_field("first_name")
    assert refuse_identity_numbers in field.validators
    assert field.validators.count(refuse_identity_numbers) == 1
    assert any(getattr(v, "code", "") == "max_length" for v in field.validators)
    with pytest.raises(ValidationError) as caught:
        field.clean("x" * (field.max_length + 1), None)
    assert "max_length" in str(caught.value.error_list[0].code)
