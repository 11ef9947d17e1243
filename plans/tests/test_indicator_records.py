"""The plan's evidence records (issue #6) and the ten indicators computed from them, with
known answers: year boundaries (31 December counts, 1 January of the next year does not),
unvalidated records never counting, focal points limited to their own country."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from common.testing import refused
from members.models import Membership
from members.tests.factories import CountryFactory, MembershipFactory
from plans import services
from plans.indicators import record_values
from plans.loaders import load_actors, load_plan
from plans.models import (
    Actor,
    ActorKind,
    Alliance,
    Axis,
    Indicator,
    InstrumentKind,
    InstrumentStage,
    JointAction,
    PlanInstrument,
    Stage,
)
from plans.tests.factories import (
    ActorFactory,
    AllianceFactory,
    GoodPracticeFactory,
    IndicatorFactory,
    InstrumentStageFactory,
    JointActionFactory,
    PlanInstrumentFactory,
    ReplicationFactory,
)

pytestmark = pytest.mark.django_db

YEARS = list(range(2018, 2024))
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The twelve indicators of 003 §VII in order, by the start of their wording.
IND = {
    1: "Estrategia Regional para la prevención de la trata",
    2: "Estrategia Regional para la prevención del tráfico",
    3: "Número de Estrategias nacionales",
    4: "Número de protocolos nacionales",
    5: "Estrategia Regional para la atención y derivación",
    6: "número de buenas prácticas",
    7: "Número de países miembros que cuentan",
    8: "Número de alianzas",
    9: "Número de acciones conjuntas",
    10: "Estrategia Institucional de Comunicación",
    11: "Número de acuerdos",
    12: "Número de participación",
}


def ind(n: int) -> Indicator:
    return Indicator.objects.get(text__startswith=IND[n])


def values(n: int, years=YEARS):
    indicator = ind(n)
    return record_values([indicator], years)[indicator.pk]


def row(v, years=YEARS) -> dict[int, object]:
    return {y: v.region[y] for y in years}


def stages_of(v) -> dict[str, dict[int, int]]:
    (breakdown,) = v.breakdowns
    return {key: counts for key, _label, counts in breakdown.rows}


def instrument(indicator: int, country=None, stages=(), validated=True, **kwargs):
    """An instrument serving indicator `indicator` with validated stages [(stage, date)]."""
    i = ind(indicator)
    doc = PlanInstrumentFactory(
        indicator=i,
        result=i.result,
        kind=i.instrument_kind,
        country=country,
        validated_at=None if not validated else dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        **kwargs,
    )
    for stage, day in stages:
        InstrumentStageFactory(instrument=doc, stage=stage, date=day)
    return doc


@pytest.fixture
def countries(plan_loaded, coalition):
    return {iso: body.country for iso, body in coalition.items()}


# --- How each indicator is measured --------------------------------------------------------


def test_loader_says_how_each_of_the_twelve_indicators_is_measured(plan_loaded):
    got = {n: ind(n) for n in IND}
    assert {n: i.measure for n, i in got.items()} == {
        1: "instrument_stage",
        2: "instrument_stage",
        3: "instrument_stage",
        4: "instrument_stage",
        5: "instrument_stage",
        6: "good_practices_replicated",
        7: "instrument_stage",
        8: "alliances_regional_spaces",
        9: "joint_actions_regional_spaces",
        10: "instrument_stage",
        11: "agreements_fulfilled",
        12: "meeting_participation",
    }
    assert {
        n: (i.instrument_kind, i.instrument_scope, i.target_stage)
        for n, i in got.items()
        if i.measure == "instrument_stage"
    } == {
        1: ("strategy", "regional", Stage.IMPLEMENTED),
        2: ("strategy", "regional", Stage.IMPLEMENTED),
        3: ("strategy", "national", Stage.IMPLEMENTED),
        4: ("protocol", "national", Stage.IMPLEMENTED),
        5: ("strategy", "regional", Stage.APPROVED),
        7: ("procedure", "national", Stage.APPROVED),
        10: ("communication_strategy", "regional", Stage.IMPLEMENTED),
    }
    assert all(i.is_computed for i in got.values())
    assert Indicator.objects.exclude(computed_from="").count() == 2


def test_every_plan_indicator_refuses_manual_entry(plan_loaded, st_user):
    for indicator in Indicator.objects.all():
        with refused("indicator_is_computed"):
            services.indicator_measurement_record(
                user=st_user, indicator=indicator, year=2019, value=Decimal(1)
            )


def test_loader_sets_the_measure_even_where_the_st_reworded_the_indicator(plan_loaded, st_user):
    indicator = ind(4)
    services.plan_item_update(user=st_user, item=indicator, unit="protocolos nacionales")
    Indicator.objects.filter(pk=indicator.pk).update(measure="manual", target_stage=None)
    load_plan()
    indicator.refresh_from_db()
    assert indicator.unit == "protocolos nacionales"  # the ST's wording stays
    assert (indicator.measure, indicator.target_stage) == ("instrument_stage", Stage.IMPLEMENTED)
    assert set(load_plan().values()) == {0}


def test_actor_directory_is_seeded_with_the_nine_regional_spaces(db):
    assert load_actors() == {"actors": 9}
    assert load_actors() == {"actors": 0}
    assert Actor.objects.filter(kind=ActorKind.REGIONAL_SPACE, level="regional").count() == 9
    crm = Actor.objects.get(key="crm")
    assert crm.acronym == "CRM" and crm.name == "Conferencia Regional sobre Migración"
    network = Actor.objects.get(key="red_funcionarios_enlace")
    assert network.parent == crm and network.acronym == ""
    assert Actor.objects.get(key="sisca").name == "SISCA"
    assert Actor.objects.get(key="consejo_fiscales").name == "Consejo Centroamericano de Fiscales"


# --- Indicators 1–5, 7, 10: instruments by stage --------------------------------------------


def test_national_repatriation_protocols_by_stage_and_year(countries):
    """The issue's example: three countries, one drafted, one approved in 2019, one
    implemented in 2020. 31 December counts for its year; 1 January for the next one."""
    D, A, I = Stage.DRAFTED, Stage.APPROVED, Stage.IMPLEMENTED  # noqa: E741
    instrument(4, countries["HN"], [(D, dt.date(2019, 4, 1))])
    instrument(4, countries["GT"], [(D, dt.date(2018, 5, 1)), (A, dt.date(2019, 12, 31))])
    instrument(
        4,
        countries["SV"],
        [(D, dt.date(2018, 2, 1)), (A, dt.date(2019, 3, 1)), (I, dt.date(2020, 1, 1))],
    )
    v = values(4)
    by_stage = stages_of(v)
    assert {y: by_stage["drafted"][y] for y in (2018, 2019, 2020)} == {
        2018: 2,
        2019: 3,
        2020: 3,
    }
    assert {y: by_stage["approved"][y] for y in (2018, 2019, 2020)} == {
        2018: 0,
        2019: 2,
        2020: 2,
    }
    assert {y: by_stage["implemented"][y] for y in (2019, 2020)} == {2019: 0, 2020: 1}
    assert row(v) == {2018: 0, 2019: 0, 2020: 1, 2021: 1, 2022: 1, 2023: 1}
    assert v.cumulative and v.computed
    assert v.by_country["SV"][2019] == 0 and v.by_country["SV"][2020] == 1
    assert v.country_labels["GT"][2018] == str(Stage.DRAFTED.label)
    assert v.country_labels["GT"][2019] == str(Stage.APPROVED.label)
    assert v.country_labels["HN"][2018] == "—"


def test_unvalidated_instruments_and_stages_do_not_count(countries):
    instrument(4, countries["HN"], [(Stage.DRAFTED, dt.date(2019, 1, 1))], validated=False)
    doc = instrument(4, countries["GT"], [(Stage.DRAFTED, dt.date(2019, 1, 1))])
    InstrumentStageFactory(
        instrument=doc, stage=Stage.IMPLEMENTED, date=dt.date(2019, 6, 1), validated_at=None
    )
    v = values(4)
    assert stages_of(v)["drafted"][2019] == 1  # GT only
    assert stages_of(v)["implemented"][2019] == 0  # its implementation awaits validation
    assert "HN" not in v.by_country


def test_a_later_stage_implies_the_earlier_ones(countries):
    instrument(4, countries["PA"], [(Stage.IMPLEMENTED, dt.date(2021, 7, 1))])
    by_stage = stages_of(values(4))
    assert [by_stage[s][2021] for s in ("drafted", "approved", "implemented")] == [1, 1, 1]
    assert [by_stage[s][2020] for s in ("drafted", "approved", "implemented")] == [0, 0, 0]


def test_regional_prevention_strategies_are_milestones(countries):
    instrument(
        1, None, [(Stage.DRAFTED, dt.date(2018, 9, 1)), (Stage.IMPLEMENTED, dt.date(2021, 12, 31))]
    )
    # a second regional document for the same indicator does not make it 2
    instrument(1, None, [(Stage.IMPLEMENTED, dt.date(2022, 3, 1))])
    v1, v2 = values(1), values(2)
    assert row(v1) == {2018: 0, 2019: 0, 2020: 0, 2021: 1, 2022: 1, 2023: 1}
    assert stages_of(v1)["drafted"][2018] == 1
    assert v1.by_country == {}
    assert row(v2) == dict.fromkeys(YEARS, 0)  # nothing recorded for smuggling


def test_national_strategies_count_countries(countries):
    instrument(
        3,
        countries["CR"],
        [(Stage.DRAFTED, dt.date(2019, 1, 10)), (Stage.IMPLEMENTED, dt.date(2021, 2, 1))],
    )
    instrument(3, countries["PA"], [(Stage.DRAFTED, dt.date(2022, 5, 1))])
    v = values(3)
    assert row(v) == {2018: 0, 2019: 0, 2020: 0, 2021: 1, 2022: 1, 2023: 1}
    assert stages_of(v)["drafted"][2022] == 2


def test_regional_strategy_for_smuggled_migrants_counts_once_standardised(countries):
    instrument(
        5, None, [(Stage.DRAFTED, dt.date(2020, 1, 1)), (Stage.APPROVED, dt.date(2023, 1, 1))]
    )
    assert row(values(5)) == {2018: 0, 2019: 0, 2020: 0, 2021: 0, 2022: 0, 2023: 1}


def test_countries_with_a_standard_coordination_procedure_count_once(countries):
    instrument(7, countries["HN"], [(Stage.APPROVED, dt.date(2020, 6, 1))])
    instrument(7, countries["CR"], [(Stage.DRAFTED, dt.date(2019, 6, 1))])
    instrument(7, countries["CR"], [(Stage.APPROVED, dt.date(2021, 6, 1))])  # a revised text
    v = values(7)
    assert row(v) == {2018: 0, 2019: 0, 2020: 1, 2021: 2, 2022: 2, 2023: 2}
    assert stages_of(v)["drafted"][2019] == 1 and stages_of(v)["drafted"][2020] == 2


def test_communication_strategy_created_and_implemented(countries):
    instrument(
        10,
        None,
        [
            (Stage.DRAFTED, dt.date(2019, 3, 1)),
            (Stage.APPROVED, dt.date(2020, 3, 1)),
            (Stage.IMPLEMENTED, dt.date(2021, 3, 1)),
        ],  # fmt: skip
    )
    assert row(values(10)) == {2018: 0, 2019: 0, 2020: 0, 2021: 1, 2022: 1, 2023: 1}


def test_an_instrument_of_another_type_does_not_count_even_if_linked(countries):
    doc = instrument(4, countries["HN"], [(Stage.IMPLEMENTED, dt.date(2019, 1, 1))])
    PlanInstrument.objects.filter(pk=doc.pk).update(kind=InstrumentKind.DIAGNOSIS)
    assert row(values(4))[2019] == 0


# --- Indicator 6: good practices replicated ------------------------------------------------


def test_good_practices_replicated_in_another_member_country(countries):
    cr, pa, gt, hn, mx = (countries[c] for c in ("CR", "PA", "GT", "HN", "MX"))
    axis = Axis.objects.get(number=3)
    eri = GoodPracticeFactory(country=cr, axis=axis)
    ReplicationFactory(practice=eri, country=pa, date=dt.date(2020, 12, 31))
    ReplicationFactory(practice=eri, country=gt, date=dt.date(2021, 1, 1))
    pending = GoodPracticeFactory(country=mx, axis=axis)
    ReplicationFactory(practice=pending, country=hn, date=dt.date(2019, 1, 1), validated_at=None)
    unvalidated = GoodPracticeFactory(country=gt, axis=axis, validated_at=None)
    ReplicationFactory(practice=unvalidated, country=hn, date=dt.date(2019, 1, 1))
    GoodPracticeFactory(country=hn, axis=axis)  # never replicated
    # an observer country (not a member) adopting a practice does not count
    observer = CountryFactory(iso_code="CO")
    MembershipFactory(country=observer, status=Membership.Status.OBSERVER)
    other = GoodPracticeFactory(country=pa, axis=axis)
    ReplicationFactory(practice=other, country=observer, date=dt.date(2019, 1, 1))
    v = values(6)
    assert row(v) == {2018: 0, 2019: 0, 2020: 1, 2021: 1, 2022: 1, 2023: 1}
    assert v.by_country["PA"][2020] == 1
    assert v.by_country["GT"][2020] == 0 and v.by_country["GT"][2021] == 1
    assert "HN" not in v.by_country and "CO" not in v.by_country


# --- Indicators 8 and 9: alliances and joint actions with regional spaces --------------------


def test_alliances_with_regional_spaces_in_force_per_year(countries):
    ocam = ActorFactory(name="OCAM")
    crm = ActorFactory(name="CRM")
    oim = ActorFactory(name="OIM", kind=ActorKind.INTERNATIONAL, level="extra_regional")
    AllianceFactory(actor=ocam, start_date=dt.date(2019, 12, 31), instrument="MoU 2019")
    AllianceFactory(
        actor=crm,
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2019, 1, 1),
        status=Alliance.Status.ENDED,
    )
    AllianceFactory(
        actor=oim,
        type=Alliance.Type.FINANCIAL,
        level="extra_regional",
        start_date=dt.date(2020, 1, 1),
    )
    AllianceFactory(actor=crm, start_date=dt.date(2019, 1, 1), status=Alliance.Status.NEGOTIATION)
    AllianceFactory(actor=ocam, start_date=dt.date(2018, 1, 1), validated_at=None)
    AllianceFactory(
        actor=ocam, country=countries["HN"], level="national", start_date=dt.date(2021, 1, 1)
    )
    v = values(8)
    assert row(v) == {2018: 1, 2019: 2, 2020: 1, 2021: 2, 2022: 2, 2023: 2}
    assert v.by_country[""][2019] == 2 and v.by_country["HN"][2021] == 1
    by_kind, by_type, by_level = v.breakdowns
    assert by_type.counts("financial")[2020] == 1
    assert by_type.counts("technical")[2021] == 2
    assert by_kind.counts("international_organisation")[2019] == 0
    assert by_kind.counts("regional_space")[2021] == 2
    assert by_level.counts("extra_regional")[2020] == 1
    assert by_level.counts("national")[2021] == 1


def test_joint_actions_with_regional_spaces_per_year(countries):
    network = ActorFactory(name="Red de Funcionarios de Enlace")
    oim = ActorFactory(name="OIM", kind=ActorKind.INTERNATIONAL, level="extra_regional")
    JointActionFactory(date=dt.date(2019, 12, 31), actors=[network, oim])
    JointActionFactory(date=dt.date(2019, 3, 1), actors=[network], country=countries["GT"])
    JointActionFactory(date=dt.date(2019, 5, 1), actors=[oim])  # no regional space
    JointActionFactory(date=dt.date(2020, 1, 1), actors=[network])
    JointActionFactory(date=dt.date(2020, 2, 1), actors=[network], validated_at=None)
    v = values(9)
    assert row(v) == {2018: 0, 2019: 2, 2020: 1, 2021: 0, 2022: 0, 2023: 0}
    assert not v.cumulative and v.total == 3
    assert v.by_country["GT"][2019] == 1 and v.by_country[""][2019] == 1
    (kinds,) = v.breakdowns
    assert kinds.counts("international_organisation")[2019] == 2
    assert kinds.counts("regional_space")[2020] == 1


# --- Manual indicators (no source in the platform) ------------------------------------------


def test_manual_indicator_values_come_from_the_measurements(plan_loaded, st_user, coalition):
    manual = IndicatorFactory(result=ind(1).result, position=9, kind="count")
    services.indicator_measurement_record(user=st_user, indicator=manual, year=2019, value=4)
    services.indicator_measurement_record(
        user=st_user, indicator=manual, year=2019, value=1, country=coalition["HN"].country
    )
    v = record_values([manual], YEARS)[manual.pk]
    assert not v.computed
    assert v.region == {2019: Decimal(4)}
    assert v.by_country == {"HN": {2019: Decimal(1)}}


def test_record_values_take_a_fixed_number_of_queries(countries, django_assert_num_queries):
    indicators = list(Indicator.objects.all())
    with django_assert_num_queries(6):
        record_values(indicators, YEARS)
    actor = ActorFactory()
    for n, iso in enumerate(["HN", "GT", "SV", "CR", "PA"]):
        instrument(4, countries[iso], [(Stage.DRAFTED, dt.date(2018 + n, 1, 1))])
        practice = GoodPracticeFactory(country=countries[iso], axis=Axis.objects.first())
        ReplicationFactory(practice=practice, country=countries["MX"])
        AllianceFactory(actor=actor)
        JointActionFactory(actors=[actor])
    with django_assert_num_queries(6):
        computed = record_values(indicators, YEARS)
    assert computed[ind(4).pk].breakdowns[0].counts("drafted")[2022] == 5
    assert computed[ind(6).pk].region[2022] == 5 and computed[ind(9).pk].region[2019] == 5


# --- Registration, permissions and validation ------------------------------------------------


@pytest.fixture
def protocol_hn(countries, focal_point_hn):
    return services.instrument_create(
        user=focal_point_hn,
        kind=InstrumentKind.PROTOCOL,
        title="Protocolo nacional de repatriación de víctimas de trata",
        country=countries["HN"],
        indicator=ind(4),
    )


def test_focal_point_of_honduras_cannot_register_for_guatemala(
    countries, focal_point_hn, protocol_hn
):
    gt = countries["GT"]
    with pytest.raises(PermissionDenied):
        services.instrument_create(
            user=focal_point_hn, kind="protocol", title="Protocolo", country=gt, indicator=ind(4)
        )
    with pytest.raises(PermissionDenied):
        services.instrument_create(user=focal_point_hn, kind="strategy", title="Regional")
    with pytest.raises(PermissionDenied):
        services.good_practice_create(
            user=focal_point_hn,
            title="Práctica",
            country=gt,
            institution="MP",
            axis=Axis.objects.first(),
            description="d",
            evidence_url="https://example.org/x",
        )
    practice = GoodPracticeFactory(country=countries["CR"], axis=Axis.objects.first())
    with pytest.raises(PermissionDenied):
        services.replication_create(
            user=focal_point_hn,
            practice=practice,
            country=gt,
            date=dt.date(2020, 1, 1),
            evidence_url="https://example.org/x",
        )
    with pytest.raises(PermissionDenied):
        services.alliance_create(
            user=focal_point_hn,
            actor=ActorFactory(),
            type="technical",
            level="national",
            start_date=dt.date(2020, 1, 1),
            country=gt,
        )
    gt_protocol = instrument(4, gt)
    with pytest.raises(PermissionDenied):
        services.instrument_stage_create(
            user=focal_point_hn,
            instrument=gt_protocol,
            stage=1,
            date=dt.date(2020, 1, 1),
            evidence_url="https://example.org/x",
        )
    with pytest.raises(PermissionDenied):
        services.instrument_update(user=focal_point_hn, instrument=protocol_hn, country=gt)


def test_focal_point_registers_and_only_st_validation_makes_it_count(
    countries, focal_point_hn, st_user, protocol_hn
):
    stage = services.instrument_stage_create(
        user=focal_point_hn,
        instrument=protocol_hn,
        stage=Stage.APPROVED,
        date=dt.date(2019, 11, 20),
        approved_by="CICESCT",
        approving_act="Acta 05-2019",
        evidence_file=SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf"),
    )
    assert stage.evidence_file.name.startswith("plan-evidence/instrumentstage/")
    assert stages_of(values(4))["approved"][2019] == 0
    with pytest.raises(PermissionDenied):
        services.record_validate(user=focal_point_hn, record=protocol_hn)
    services.record_validate(user=st_user, record=protocol_hn)
    assert stages_of(values(4))["approved"][2019] == 0  # the stage still awaits validation
    services.record_validate(user=st_user, record=stage)
    assert stages_of(values(4))["approved"][2019] == 1
    with refused("already_validated"):
        services.record_validate(user=st_user, record=stage)
    stage.refresh_from_db()
    assert stage.validated_by == st_user and stage.registered_by == focal_point_hn
    services.record_validation_withdraw(user=st_user, record=stage)
    assert stages_of(values(4))["approved"][2019] == 0


def test_a_focal_point_change_withdraws_the_validation_an_st_change_keeps_it(
    countries, focal_point_hn, st_user, protocol_hn
):
    services.record_validate(user=st_user, record=protocol_hn)
    services.instrument_update(user=st_user, instrument=protocol_hn, description="Revisado")
    protocol_hn.refresh_from_db()
    assert protocol_hn.is_validated
    services.instrument_update(user=focal_point_hn, instrument=protocol_hn, title="Protocolo v2")
    protocol_hn.refresh_from_db()
    assert not protocol_hn.is_validated and protocol_hn.title == "Protocolo v2"
    assert protocol_hn.history.first().history_user == focal_point_hn


def test_an_instrument_must_be_of_the_type_and_scope_its_indicator_counts(countries, st_user):
    cases = [
        ({"kind": "strategy", "country": countries["HN"], "indicator": ind(4)}, "instrument_kind_mismatch"),
        ({"kind": "protocol", "country": None, "indicator": ind(4)}, "instrument_scope_mismatch"),
        ({"kind": "strategy", "country": countries["HN"], "indicator": ind(1)}, "instrument_scope_mismatch"),
        ({"kind": "strategy", "country": None, "indicator": ind(8)}, "indicator_not_from_instruments"),
    ]  # fmt: skip
    for fields, code in cases:
        with pytest.raises(ValidationError) as exc:
            services.instrument_create(user=st_user, title="Documento", **fields)
        assert [e.code for errors in exc.value.error_dict.values() for e in errors] == [code]
    diagnosis = services.instrument_create(user=st_user, kind="diagnosis", title="Diagnóstico")
    assert diagnosis.indicator is None and diagnosis.scope == "regional"


def test_stages_are_dated_in_order_once_each_and_not_in_the_future(
    countries, focal_point_hn, protocol_hn
):
    def add(stage, day, **kw):
        return services.instrument_stage_create(
            user=focal_point_hn,
            instrument=protocol_hn,
            stage=stage,
            date=day,
            evidence_url=kw.pop("evidence_url", "https://example.org/e.pdf"),
            **kw,
        )

    add(Stage.APPROVED, dt.date(2020, 5, 1))
    with refused("stage_out_of_order", field="date"):
        add(Stage.DRAFTED, dt.date(2020, 6, 1))
    with refused("stage_out_of_order", field="date"):
        add(Stage.IMPLEMENTED, dt.date(2020, 4, 30))
    with refused("stage_exists"):
        add(Stage.APPROVED, dt.date(2020, 5, 1))
    with refused("date_in_future", field="date"):
        add(Stage.IMPLEMENTED, timezone.localdate() + dt.timedelta(days=2))
    with refused("evidence_required"):
        add(Stage.IMPLEMENTED, dt.date(2021, 1, 1), evidence_url="")
    with refused("file_wrong_type"):
        add(
            Stage.IMPLEMENTED,
            dt.date(2021, 1, 1),
            evidence_url="",
            evidence_file=SimpleUploadedFile("acta.pdf", b"not a pdf at all"),
        )
    add(Stage.DRAFTED, dt.date(2020, 5, 1))  # the same day as the approval is fine
    assert InstrumentStage.objects.filter(instrument=protocol_hn).count() == 2


def test_replications_happen_in_another_country_once(countries, focal_point_hn, st_user):
    practice = services.good_practice_create(
        user=st_user,
        title="Equipo de Respuesta Inmediata",
        country=countries["CR"],
        institution="CONATT",
        axis=Axis.objects.get(number=3),
        description="Atención inmediata coordinada.",
        evidence_url="https://example.org/eri",
    )
    services.replication_create(
        user=focal_point_hn,
        practice=practice,
        country=countries["HN"],
        date=dt.date(2021, 3, 1),
        evidence_url="https://example.org/hn",
    )
    for country, code in (
        (countries["HN"], "replication_exists"),
        (countries["CR"], "replication_in_origin_country"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.replication_create(
                user=st_user,
                practice=practice,
                country=country,
                date=dt.date(2021, 3, 1),
                evidence_url="https://example.org/x",
            )
        assert exc.value.error_dict["country"][0].code == code
    with refused("evidence_required"):
        services.good_practice_create(
            user=st_user,
            title="Sin evidencia",
            country=countries["CR"],
            institution="CONATT",
            axis=Axis.objects.get(number=3),
            description="d",
        )


def test_alliances_and_joint_actions_rules(countries, st_user, presidency_user, focal_point_hn):
    actor = services.actor_create(
        user=presidency_user, name="OCAM", kind="regional_space", level="regional"
    )
    with pytest.raises(PermissionDenied):
        services.actor_create(user=focal_point_hn, name="X", kind="governmental", level="national")
    alliance = dict(actor=actor, type="technical", level="regional", start_date=dt.date(2019, 1, 1))
    with refused("end_date_required", field="end_date"):
        services.alliance_create(user=st_user, **alliance, status=Alliance.Status.ENDED)
    with refused("end_before_start", field="end_date"):
        services.alliance_create(user=st_user, **alliance, end_date=dt.date(2018, 1, 1))
    national = services.alliance_create(
        user=focal_point_hn, **alliance | {"level": "national"}, country=countries["HN"]
    )
    assert not national.is_validated
    workshop = {"date": dt.date(2019, 1, 1), "title": "Taller"}
    with refused("actors_required", field="actors"):
        services.joint_action_create(
            user=st_user, **workshop, actors=[], evidence_url="https://e.org"
        )
    action = services.joint_action_create(
        user=st_user, **workshop, actors=[actor], evidence_url="https://example.org/taller"
    )
    services.record_validate(user=st_user, record=action)
    assert row(values(9))[2019] == 1
    services.joint_action_update(user=st_user, joint_action=action, actors=[actor, ActorFactory()])
    assert JointAction.objects.get().actors.count() == 2


# --- Record pages ---------------------------------------------------------------------------

RECORD_LISTS = [
    "plans:instrument-list",
    "plans:practice-list",
    "plans:actor-list",
    "plans:alliance-list",
    "plans:joint-action-list",
]
RECORD_LIST_MAX = 12


def _grow(countries, n: int) -> None:
    """n more records of every kind (validated and not), spread over the countries."""
    isos = sorted(countries)
    axis = Axis.objects.first()
    actors = [ActorFactory() for _ in range(3)]
    for k in range(n):
        iso = isos[k % len(isos)]
        doc = instrument(4, countries[iso], [(Stage.DRAFTED, dt.date(2019, 1, 1))], validated=k % 2)
        InstrumentStageFactory(
            instrument=doc, stage=Stage.APPROVED, date=dt.date(2020, 1, 1), validated_at=None
        )
        practice = GoodPracticeFactory(country=countries[iso], axis=axis)
        ReplicationFactory(practice=practice, country=countries[isos[(k + 1) % len(isos)]])
        AllianceFactory(actor=actors[k % 3], country=countries[iso] if k % 2 else None)
        JointActionFactory(actors=actors[: 1 + k % 3])


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_record_lists_keep_their_query_count_at_two_sizes(
    client, countries, st_user, django_assert_max_num_queries
):
    client.force_login(st_user)
    _grow(countries, 3)
    small = {}
    for name in RECORD_LISTS + ["plans:records"]:
        with django_assert_max_num_queries(RECORD_LIST_MAX):
            small[name] = _queries(client, reverse(name))
    _grow(countries, 40)
    assert PlanInstrument.objects.count() == 43 and JointAction.objects.count() == 43
    for name in RECORD_LISTS + ["plans:records"]:
        with django_assert_max_num_queries(RECORD_LIST_MAX):
            assert _queries(client, reverse(name)) == small[name], name
    html = client.get(reverse("plans:instrument-list"), {"validation": "pending"}).content.decode()
    assert html.count("/plans/records/instruments/") >= 20


def test_record_detail_pages_keep_their_query_count(client, countries, st_user):
    client.force_login(st_user)
    doc = instrument(4, countries["HN"], [(Stage.DRAFTED, dt.date(2019, 1, 1))])
    practice = GoodPracticeFactory(country=countries["CR"], axis=Axis.objects.first())
    ReplicationFactory(practice=practice, country=countries["PA"])
    actor = ActorFactory()
    urls = [
        reverse("plans:instrument-detail", args=[doc.pk]),
        reverse("plans:practice-detail", args=[practice.pk]),
        reverse("plans:actor-detail", args=[actor.pk]),
    ]
    before = [_queries(client, u) for u in urls]
    for stage, day in (
        (Stage.APPROVED, dt.date(2020, 1, 1)),
        (Stage.IMPLEMENTED, dt.date(2021, 1, 1)),
    ):
        InstrumentStageFactory(instrument=doc, stage=stage, date=day)
    for iso in ("GT", "HN", "SV", "MX"):
        ReplicationFactory(practice=practice, country=countries[iso])
        AllianceFactory(actor=actor)
        JointActionFactory(actors=[actor])
    assert [_queries(client, u) for u in urls] == before


def test_focal_point_registers_through_the_pages_and_st_validates(
    client, countries, focal_point_hn, st_user
):
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("plans:instrument-create"),
        {
            "kind": "protocol",
            "country": countries["HN"].pk,
            "title": "Protocolo nacional de repatriación (Honduras)",
            "indicator": ind(4).pk,
            "evidence_url": "https://example.org/protocolo.pdf",
        },
    )
    assert response.status_code == 302
    doc = PlanInstrument.objects.get()
    assert doc.registered_by == focal_point_hn and doc.country == countries["HN"]
    response = client.post(
        reverse("plans:stage-create", args=[doc.pk]),
        {
            "stage": Stage.APPROVED,
            "date": "2019-11-20",
            "approved_by": "CICESCT",
            "approving_act": "Acta 05-2019",
            "evidence_file": SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    stage = InstrumentStage.objects.get()
    assert client.get(reverse("plans:record-evidence", args=["stage", stage.pk])).status_code == 200
    # the focal point cannot validate
    assert (
        client.post(reverse("plans:record-validate", args=["instrument", doc.pk])).status_code
        == 403
    )
    assert row(values(4))[2019] == 0 and stages_of(values(4))["approved"][2019] == 0
    client.force_login(st_user)
    for kind, pk in (("instrument", doc.pk), ("stage", stage.pk)):
        response = client.post(reverse("plans:record-validate", args=[kind, pk]))
        assert response.status_code == 302
    assert stages_of(values(4))["approved"][2019] == 1
    html = client.get(reverse("plans:instrument-detail", args=[doc.pk])).content.decode()
    assert "Acta 05-2019" in html and "withdraw" in html
    # a page error comes back on the form with the service's message code
    response = client.post(
        reverse("plans:stage-create", args=[doc.pk]),
        {"stage": Stage.DRAFTED, "date": "2020-01-01", "evidence_url": "https://example.org/x"},
    )
    assert response.status_code == 200 and InstrumentStage.objects.count() == 1


def test_focal_point_of_honduras_cannot_use_the_pages_for_guatemala(
    client, countries, focal_point_hn
):
    gt_doc = instrument(4, countries["GT"], [(Stage.DRAFTED, dt.date(2019, 1, 1))])
    client.force_login(focal_point_hn)
    for url in (
        reverse("plans:instrument-edit", args=[gt_doc.pk]),
        reverse("plans:stage-create", args=[gt_doc.pk]),
        reverse("plans:actor-create"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("plans:instrument-create"),
        {
            "kind": "protocol",
            "country": countries["GT"].pk,
            "title": "Protocolo GT",
            "indicator": ind(4).pk,
        },
    )
    assert response.status_code == 200  # GT is not a choice for a focal point of HN
    assert PlanInstrument.objects.count() == 1


def test_observers_and_partners_read_the_records_but_cannot_register(
    client, countries, observer, partner, st_user
):
    doc = instrument(4, countries["GT"], validated=False)
    for user in (observer, partner):
        client.force_login(user)
        for name in RECORD_LISTS:
            assert client.get(reverse(name)).status_code == 200
        assert client.get(reverse("plans:instrument-detail", args=[doc.pk])).status_code == 200
        for name in ("plans:instrument-create", "plans:practice-create", "plans:alliance-create"):
            assert client.get(reverse(name)).status_code == 403
        assert (
            client.post(reverse("plans:record-validate", args=["instrument", doc.pk])).status_code
            == 403
        )
    doc.refresh_from_db()
    assert not doc.is_validated
    client.logout()
    response = client.get(reverse("plans:instrument-list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_demo_records_command_is_idempotent(countries, db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_records", stdout=io.StringIO())
    counts = [m.objects.count() for m in (PlanInstrument, InstrumentStage, Alliance, JointAction)]
    call_command("load_demo_records", stdout=io.StringIO())
    assert [
        m.objects.count() for m in (PlanInstrument, InstrumentStage, Alliance, JointAction)
    ] == counts
    assert stages_of(values(4))["approved"][2019] == 1  # Honduras' protocol, approved 2019
    assert row(values(6))[2020] == 1  # the ERI of Costa Rica replicated in Panama
