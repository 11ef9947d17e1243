"""Demo evidence records for the plan's indicators (issue #6), so the indicator pages show
numbers on `make run`: national repatriation protocols of Honduras and Guatemala at
different stages, the regional strategies, a good practice of Costa Rica replicated in
Panama, alliances with OCAM and the CRM's Liaison Officers Network, joint actions... Most
are validated; a few wait for the Technical Secretariat, to show the validation queue.

Everything goes through plans.services (focal points register their own country's records,
ST the regional ones and validates). Idempotent: a record whose title already exists is
left alone. Never run in production."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import Country, User
from plans import services
from plans.loaders import load_actors
from plans.models import (
    Actor,
    ActorKind,
    Alliance,
    Axis,
    GoodPractice,
    Indicator,
    JointAction,
    Level,
    PlanInstrument,
    Stage,
)

D, A, I = Stage.DRAFTED, Stage.APPROVED, Stage.IMPLEMENTED  # noqa: E741
EVIDENCE = "https://example.org/demo/"

# (indicator wording start, country ISO or None, title, [(stage, date, approved by, act)],
#  validated)
INSTRUMENTS = [
    ("Estrategia Regional para la prevención de la trata", None,
     "Estrategia Regional para la Prevención de la Trata de Personas",
     [(D, "2019-05-15", "", ""), (A, "2020-06-10", "Pleno de la Coalición Regional", "Acuerdo CR-2020-03"),
      (I, "2021-09-01", "", "")], True),
    ("Estrategia Regional para la prevención del tráfico", None,
     "Estrategia Regional para la Prevención del Tráfico Ilícito de Migrantes",
     [(D, "2022-04-20", "", "")], True),
    ("Número de Estrategias nacionales", "CR",
     "Estrategia Nacional de Atención Integral a Víctimas de Trata (Costa Rica)",
     [(D, "2019-08-01", "", ""), (A, "2020-02-01", "CONATT", "Sesión ordinaria 01-2020"),
      (I, "2021-03-15", "", "")], True),
    ("Número de Estrategias nacionales", "PA",
     "Estrategia Nacional de Atención Integral a Víctimas de Trata (Panamá)",
     [(D, "2022-10-01", "", "")], True),
    ("Número de protocolos nacionales", "HN",
     "Protocolo nacional de repatriación de víctimas de trata de personas (Honduras)",
     [(D, "2018-11-01", "", ""), (A, "2019-11-20", "CICESCT", "Acta CICESCT 05-2019"),
      (I, "2021-02-15", "", "")], True),
    ("Número de protocolos nacionales", "GT",
     "Protocolo nacional de repatriación de víctimas de trata de personas (Guatemala)",
     [(D, "2020-05-10", "", ""), (A, "2022-08-30", "CIT / SVET", "Acuerdo SVET 12-2022")], True),
    ("Número de protocolos nacionales", "SV",
     "Protocolo nacional de repatriación de víctimas de trata de personas (El Salvador)",
     [(D, "2023-03-01", "", "")], False),
    ("Estrategia Regional para la atención y derivación", None,
     "Estrategia Regional para la atención y derivación de personas objeto de tráfico ilícito "
     "de migrantes", [(D, "2020-09-01", "", ""), (A, "2023-06-15", "Pleno de la Coalición "
     "Regional", "Acuerdo CR-2023-07")], True),
    ("Número de países miembros que cuentan", "HN",
     "Procedimiento estándar de coordinación Ministerio Público – protección de víctimas (Honduras)",
     [(A, "2020-07-01", "CICESCT", "Acta CICESCT 03-2020")], True),
    ("Número de países miembros que cuentan", "CR",
     "Procedimiento estándar de coordinación interinstitucional (Costa Rica)",
     [(D, "2021-04-01", "", ""), (A, "2022-03-01", "CONATT", "Sesión 02-2022")], True),
    ("Estrategia Institucional de Comunicación", None,
     "Estrategia Institucional de Comunicación de la Coalición Regional",
     [(D, "2019-10-01", "", ""), (A, "2020-06-10", "Pleno de la Coalición Regional",
      "Acuerdo CR-2020-04"), (I, "2021-01-15", "", "")], True),
]  # fmt: skip

OTHER_ACTORS = [
    ("OIM", "Organización Internacional para las Migraciones", ActorKind.INTERNATIONAL,
     Level.EXTRA_REGIONAL, "high"),
    ("UNODC", "Oficina de las Naciones Unidas contra la Droga y el Delito",
     ActorKind.INTERNATIONAL, Level.EXTRA_REGIONAL, "medium"),
    ("RROCM", "Red Regional de Organizaciones Civiles para las Migraciones",
     ActorKind.NON_GOVERNMENTAL, Level.REGIONAL, "medium"),
]  # fmt: skip


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Command(BaseCommand):
    help = "Create demo evidence records for the plan's indicators. Idempotent."

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("Demo records are for the embedded default only.")
        if not Indicator.objects.filter(measure=Indicator.Measure.INSTRUMENT_STAGE).exists():
            raise CommandError("Run `python manage.py load_coalition` first.")
        self.st = (
            User.objects.filter(username="st").first()
            or User.objects.filter(role=User.Role.SECRETARIAT).first()
        )
        if self.st is None:
            raise CommandError("Run `python manage.py load_demo` first (it creates the ST user).")
        self.countries = {c.iso_code: c for c in Country.objects.all()}
        created = 0
        with transaction.atomic():
            load_actors()
            created += self.instruments()
            created += self.practices()
            created += self.alliances_and_actions()
        self.stdout.write(self.style.SUCCESS(f"Demo plan records: {created} created."))

    def author(self, iso: str | None) -> User:
        """The country's demo focal point (load_demo creates fp-<iso>), else ST."""
        if iso is None:
            return self.st
        return User.objects.filter(username=f"fp-{iso.lower()}").first() or self.st

    def validate(self, record, ok: bool = True) -> None:
        if ok and not record.is_validated:
            services.record_validate(user=self.st, record=record)

    def instruments(self) -> int:
        created = 0
        for start, iso, title, stages, validated in INSTRUMENTS:
            if PlanInstrument.objects.filter(title=title).exists():
                continue
            indicator = Indicator.objects.get(text__startswith=start)
            author = self.author(iso)
            doc = services.instrument_create(
                user=author,
                kind=indicator.instrument_kind,
                title=title,
                country=self.countries[iso] if iso else None,
                indicator=indicator,
                evidence_url=f"{EVIDENCE}instrumento-{iso or 'regional'}.pdf",
            )
            self.validate(doc, validated)
            for stage, day, by, act in stages:
                row = services.instrument_stage_create(
                    user=author,
                    instrument=doc,
                    stage=stage,
                    date=_date(day),
                    approved_by=by,
                    approving_act=act,
                    evidence_url=f"{EVIDENCE}etapa-{stage}-{iso or 'regional'}.pdf",
                )
                self.validate(row, validated)
            created += 1
        if not PlanInstrument.objects.filter(kind="baseline").exists():
            baseline = services.instrument_create(
                user=self.st,
                kind="baseline",
                title="Línea Base para la formulación de la estrategia regional de prevención",
                evidence_url=f"{EVIDENCE}linea-base.pdf",
            )
            self.validate(baseline)
            row = services.instrument_stage_create(
                user=self.st,
                instrument=baseline,
                stage=A,
                date=dt.date(2018, 12, 1),
                approved_by="Petit Comité",
                evidence_url=f"{EVIDENCE}linea-base-acta.pdf",
            )
            self.validate(row)
            created += 1
        return created

    def practices(self) -> int:
        rows = [
            ("Equipo de Respuesta Inmediata (ERI)", "CR",
             "CONATT – Dirección General de Migración y Extranjería", 2,
             "Equipo interinstitucional que activa en menos de 24 horas la atención primaria "
             "y la protección de las víctimas identificadas.",
             [("PA", "2020-09-15", "Comisión Nacional contra la Trata de Personas", True)]),
            ("Unidad fiscal especializada en trata de personas", "MX",
             "Fiscalía General de la República", 3,
             "Unidad de investigación especializada con protocolo de entrevista única.",
             [("GT", "2023-04-10", "Ministerio Público", True)]),
            ("Mesa técnica interinstitucional de persecución", "GT", "SVET", 3,
             "Espacio de coordinación entre fiscalía, policía y protección de víctimas.",
             [("HN", "2024-02-01", "CICESCT", False)]),
        ]  # fmt: skip
        created = 0
        for title, iso, institution, axis, description, replications in rows:
            if GoodPractice.objects.filter(title=title).exists():
                continue
            practice = services.good_practice_create(
                user=self.author(iso),
                title=title,
                country=self.countries[iso],
                institution=institution,
                axis=Axis.objects.filter(number=axis).order_by("-plan__start_year").first(),
                description=description,
                evidence_url=f"{EVIDENCE}practica-{iso}.pdf",
            )
            self.validate(practice)
            for r_iso, day, r_institution, validated in replications:
                replication = services.replication_create(
                    user=self.author(r_iso),
                    practice=practice,
                    country=self.countries[r_iso],
                    date=_date(day),
                    institution=r_institution,
                    evidence_url=f"{EVIDENCE}replica-{r_iso}.pdf",
                )
                self.validate(replication, validated)
            created += 1
        return created

    def alliances_and_actions(self) -> int:
        actors = {a.key: a for a in Actor.objects.exclude(key="")}
        for acronym, name, kind, level, priority in OTHER_ACTORS:
            if not Actor.objects.filter(acronym=acronym).exists():
                services.actor_create(
                    user=self.st, name=name, acronym=acronym, kind=kind, level=level,
                    priority=priority,
                )  # fmt: skip
        others = {a.acronym: a for a in Actor.objects.filter(acronym__in=["OIM", "UNODC", "RROCM"])}
        created = 0
        alliances = [
            (actors["ocam"], None, "technical", "regional", "2019-03-01", None, "in_force",
             "Carta de entendimiento Coalición Regional – OCAM", True),
            (actors["red_funcionarios_enlace"], None, "technical", "regional", "2018-06-01", None,
             "in_force", "Plan de trabajo conjunto con la Red de Funcionarios de Enlace", True),
            (others["OIM"], None, "financial", "extra_regional", "2019-01-01", "2023-12-31",
             "ended", "Convenio de cooperación técnica y financiera", True),
            (others["RROCM"], "HN", "technical", "national", "2022-05-01", None, "in_force",
             "Memorando de entendimiento CICESCT – RROCM", True),
            (actors["sica"], None, "other", "regional", "2024-01-15", None, "negotiation",
             "Propuesta de mecanismo de comunicación permanente", False),
        ]  # fmt: skip
        for actor, iso, kind, level, start, end, status, instrument, validated in alliances:
            if Alliance.objects.filter(instrument=instrument).exists():
                continue
            alliance = services.alliance_create(
                user=self.author(iso),
                actor=actor,
                country=self.countries[iso] if iso else None,
                type=kind,
                level=level,
                start_date=_date(start),
                end_date=_date(end) if end else None,
                instrument=instrument,
                status=status,
                evidence_url=f"{EVIDENCE}alianza-{actor.pk}.pdf",
            )
            self.validate(alliance, validated)
            created += 1
        actions = [
            ("2019-06-20", "Taller regional sobre identificación de víctimas con la Red de "
             "Funcionarios de Enlace", [actors["red_funcionarios_enlace"], others["OIM"]], True),
            ("2021-11-10", "Reunión conjunta con la OCAM sobre repatriación de víctimas",
             [actors["ocam"]], True),
            ("2022-09-05", "Campaña regional Corazón Azul", [others["OIM"], others["UNODC"]], True),
            ("2023-05-18", "Sesión conjunta con la Conferencia Regional sobre Migración",
             [actors["crm"]], True),
            ("2024-03-12", "Foro con el SICA sobre la Estrategia de Seguridad Centroamericana",
             [actors["sica"]], False),
        ]  # fmt: skip
        for day, title, with_actors, validated in actions:
            if JointAction.objects.filter(title=title).exists():
                continue
            action = services.joint_action_create(
                user=self.st,
                date=_date(day),
                title=title,
                actors=with_actors,
                evidence_url=f"{EVIDENCE}accion-{day}.pdf",
            )
            self.validate(action, validated)
            created += 1
        return created
