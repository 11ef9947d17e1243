"""Demo records of the Presidency's work (for the demo and screenshots only; the texts say
"demostración"), made through the services after the demo meetings and events:

- two agreements of the closed XXIV plenary (invented for the demo: the sources record no
  such decision) invite the OIM as an observer organisation — it accepts, so it is the
  demo's one observer — and Colombia as an observer country (003 §II: "enviar invitación …
  a México y Colombia"), still waiting for its answer;
- representation entries: one reported at the XXIV plenary, two still to report (on the
  XXV plenary's agenda), and a promotion activity recorded by Honduras' focal point;
- cooperation with the OIM, UNODC and SICA at different stages of the pipeline, with
  reporting duties (one due within a fortnight);
- Honduras' checklist of the Lineamientos' prevention guidelines, submitted and partly
  reviewed; Guatemala's in progress; a reorientation proposal put to the XXV plenary.

Idempotent: nothing is added when the demo's first entry exists."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Event
from meetings.models import Agreement, Meeting
from members.models import Country, ObserverOrganisation, User
from plans.models import Activity, Actor
from presidency.loaders import load_guidelines
from presidency.models import (
    Admission,
    CooperationProject,
    Guideline,
    GuidelineProgress,
    ReportingDuty,
    RepresentationEntry,
)
from presidency.services import admission, cooperation, guidelines, representation

FIRST_ENTRY = "Reunión Viceministerial de la Conferencia Regional sobre Migración (demostración)"


def _agreement(meeting: Meeting, text: str) -> Agreement:
    """An agreement of the demo plenary (the demo's own decision, said in its text)."""
    year = meeting.date.year
    last = Agreement.objects.filter(year=year).order_by("-sequence").first()
    sequence = (last.sequence if last else 0) + 1
    return Agreement.objects.create(
        number=f"CR-{year}-{sequence:02d}",
        year=year,
        sequence=sequence,
        meeting=meeting,
        text=text,
        responsible_organs=["presidency"],
    )


class Command(BaseCommand):
    help = "Load demo representation, cooperation, admissions and Lineamientos follow-up."

    @transaction.atomic
    def handle(self, *args, **options):
        if RepresentationEntry.objects.filter(event_name=FIRST_ENTRY).exists():
            self.stdout.write("Presidency demo already loaded.")
            return
        try:
            st = User.objects.get(username="st")
            presidency = User.objects.get(username="presidencia")
            fp_hn = User.objects.get(username="fp-hn")
            fp_gt = User.objects.get(username="fp-gt")
            past = Meeting.objects.get(title="XXIV Reunión Ordinaria")
            upcoming = Meeting.objects.get(title="XXV Reunión Ordinaria")
        except (User.DoesNotExist, Meeting.DoesNotExist) as error:
            raise CommandError("Run load_demo and load_demo_meetings first.") from error
        load_guidelines()
        self._admissions(presidency, past)
        self._representation(presidency, fp_hn, past)
        self._cooperation(st)
        self._guidelines(st, presidency, fp_hn, fp_gt, upcoming)
        self.stdout.write(self.style.SUCCESS("Presidency demo loaded."))

    def _admissions(self, user: User, past: Meeting) -> None:
        day = past.date
        oim = ObserverOrganisation.objects.get(acronym="OIM")
        invitation = admission.admission_invite(
            user=user,
            subject=Admission.Subject.OBSERVER_ORGANISATION,
            organisation=oim,
            invitation_agreement=_agreement(
                past,
                "Invitar a la Organización Internacional para las Migraciones a participar "
                "como organización observadora de la Coalición Regional (demostración).",
            ),
            invited_on=day,
            note="Demostración: la OIM apoyó la primera reunión formal (003 §II).",
        )
        admission.admission_admit(
            user=user, admission=invitation, admitted_on=day + dt.timedelta(days=14), version=None
        )
        admission.admission_invite(
            user=user,
            subject=Admission.Subject.OBSERVER_COUNTRY,
            iso_code="CO",
            invitation_agreement=_agreement(
                past,
                "Reiterar la invitación a Colombia para participar como país observador "
                "(demostración; 003 §II recoge la invitación de 2012).",
            ),
            invited_on=day,
        )

    def _representation(self, presidency: User, fp_hn: User, past: Meeting) -> None:
        hn = Country.objects.get(iso_code="HN")
        gt = Country.objects.get(iso_code="GT")
        reported = representation.entry_create(
            user=presidency,
            kind=RepresentationEntry.Kind.REPRESENTATION,
            event_name=FIRST_ENTRY,
            start_date=dt.date(2026, 2, 24),
            end_date=dt.date(2026, 2, 25),
            place="Ciudad de Guatemala",
            represented_by=RepresentationEntry.RepresentedBy.PRESIDENCY,
            person_name="Presidencia de la Coalición Regional",
            country=hn,
            positions="Presentó los avances del Plan Estratégico 2018-2027 y la propuesta de "
            "trabajo conjunto con la Red de Funcionarios de Enlace.",
            outcomes="La CRM tomó nota y propuso un taller conjunto (demostración).",
        )
        representation.entry_mark_reported(user=presidency, entry=reported, meeting=past)
        representation.entry_create(
            user=presidency,
            kind=RepresentationEntry.Kind.REPRESENTATION,
            event_name="Reunión Regional sobre Trata de Personas del SICA (demostración)",
            start_date=dt.date(2026, 6, 16),
            end_date=dt.date(2026, 6, 17),
            place="San Salvador",
            represented_by=RepresentationEntry.RepresentedBy.DELEGATE,
            person_name="Comisionada de la CICESCT",
            country=gt,
            delegation="Nota de la Presidencia del 2 de junio de 2026 (demostración).",
            positions="Expuso la necesidad de un protocolo regional de repatriación (001 §5.F.1).",
            outcomes="Se acordó intercambiar los protocolos nacionales vigentes.",
        )
        representation.entry_create(
            user=presidency,
            kind=RepresentationEntry.Kind.REPRESENTATION,
            event_name="Foro Hemisférico contra la Trata de Personas (demostración)",
            start_date=dt.date(2026, 10, 7),
            end_date=dt.date(2026, 10, 9),
            place="Washington, D. C.",
            represented_by=RepresentationEntry.RepresentedBy.PRESIDENCY,
            person_name="Presidencia de la Coalición Regional",
            country=hn,
            positions="Presentó la Coalición Regional como espacio de coordinación.",
        )
        representation.entry_create(
            user=fp_hn,
            event_name="Jornada nacional de prevención de la trata en Honduras (demostración)",
            start_date=dt.date(2026, 9, 23),
            end_date=dt.date(2026, 9, 23),
            place="Tegucigalpa",
            person_name="Punto focal de la CICESCT",
            outcomes="Se presentó el trabajo de la Coalición Regional a 120 funcionarios.",
        )

    def _cooperation(self, st: User) -> None:
        oim = Actor.objects.get(name="Organización Internacional para las Migraciones")
        unodc = Actor.objects.get(name="Oficina de las Naciones Unidas contra la Droga y el Delito")
        sica = Actor.objects.get(name="Sistema de la Integración Centroamericana")
        event = Event.objects.filter(title__contains="Taller regional").first()
        activities = list(
            Activity.objects.filter(operational_objective__poa__year=2026)[:2]
        ) or list(Activity.objects.order_by("pk")[:2])
        workshop = cooperation.project_create(
            user=st,
            partner=oim,
            title="Apoyo logístico al taller regional sobre tráfico ilícito de migrantes "
            "(demostración)",
            direction=CooperationProject.Direction.OFFER,
            kind=CooperationProject.Kind.MONEY,
            amount=18500,
            currency="USD",
            year=2026,
            proposed_on=dt.date(2026, 4, 6),
            activities=activities,
            events=[event] if event else [],
        )
        workshop = cooperation.project_advance(
            user=st,
            project=workshop,
            to=CooperationProject.Stage.COMMITMENT,
            on_date=dt.date(2026, 5, 4),
        )
        workshop = cooperation.project_advance(
            user=st,
            project=workshop,
            to=CooperationProject.Stage.EXECUTION,
            on_date=dt.date(2026, 6, 1),
        )
        cooperation.duty_create(
            user=st,
            project=workshop,
            kind=ReportingDuty.Kind.PROGRESS,
            due_date=dt.date(2026, 12, 15),
            title="Informe de avance del taller",
        )
        cooperation.duty_create(
            user=st,
            project=workshop,
            kind=ReportingDuty.Kind.FINAL,
            due_date=dt.date(2027, 2, 26),
            title="Informe final y liquidación",
        )
        cooperation.project_create(
            user=st,
            partner=unodc,
            title="Expertos para la sesión nacional de socialización de protocolos (demostración)",
            kind=CooperationProject.Kind.IN_KIND,
            in_kind="Dos personas expertas en investigación financiera",
            amount=6000,
            currency="USD",
            year=2027,
            proposed_on=dt.date(2026, 11, 2),
        )
        guide = cooperation.project_create(
            user=st,
            partner=sica,
            title="Impresión de la Guía de Indicadores de Sospecha (demostración)",
            kind=CooperationProject.Kind.MONEY,
            amount=4200,
            currency="EUR",
            year=2026,
            proposed_on=dt.date(2026, 1, 19),
        )
        guide = cooperation.project_advance(
            user=st,
            project=guide,
            to=CooperationProject.Stage.COMMITMENT,
            on_date=dt.date(2026, 2, 2),
        )
        guide = cooperation.project_advance(
            user=st,
            project=guide,
            to=CooperationProject.Stage.EXECUTION,
            on_date=dt.date(2026, 2, 16),
        )
        final = cooperation.duty_create(
            user=st,
            project=guide,
            kind=ReportingDuty.Kind.FINAL,
            due_date=dt.date(2026, 7, 31),
        )
        cooperation.duty_submit(user=st, duty=final, submitted_on=dt.date(2026, 7, 24))
        cooperation.project_advance(
            user=st,
            project=guide,
            to=CooperationProject.Stage.FINAL_REPORT,
            on_date=dt.date(2026, 8, 3),
        )
        declined = cooperation.project_create(
            user=st,
            partner=oim,
            title="Estudio regional de rutas (demostración)",
            kind=CooperationProject.Kind.MONEY,
            amount=40000,
            currency="USD",
            year=2026,
            proposed_on=dt.date(2026, 3, 2),
        )
        cooperation.project_decline(
            user=st,
            project=declined,
            reason="Fuera de las prioridades del socio para 2026.",
            on_date=dt.date(2026, 4, 20),
        )

    def _guidelines(self, st, presidency, fp_hn, fp_gt, upcoming: Meeting) -> None:
        hn = Country.objects.get(iso_code="HN")
        gt = Country.objects.get(iso_code="GT")
        prevention = list(Guideline.objects.filter(area=Guideline.Area.PREVENTION))
        plan = [
            (
                GuidelineProgress.Status.IMPLEMENTED,
                "Campaña nacional «Corazón Azul» 2025 (demostración).",
            ),
            (
                GuidelineProgress.Status.IN_PROGRESS,
                "Mesa interinstitucional de divulgación instalada.",
            ),
            (GuidelineProgress.Status.NOT_STARTED, ""),
            (
                GuidelineProgress.Status.IN_PROGRESS,
                "Convenio con la Secretaría de Educación en revisión.",
            ),
            (
                GuidelineProgress.Status.IMPLEMENTED,
                "Plan de capacitación en tres niveles aprobado.",
            ),
        ]
        for guideline, (status, evidence) in zip(prevention, plan, strict=False):
            guidelines.progress_update(
                user=fp_hn,
                country=hn,
                guideline=guideline,
                status=status,
                evidence=evidence,
                comments="",
                version=None,
            )
        guidelines.progress_submit(user=fp_hn, country=hn)
        rows = list(
            GuidelineProgress.objects.filter(
                country=hn, review=GuidelineProgress.Review.SUBMITTED
            ).order_by("guideline__number")
        )
        if rows:
            guidelines.progress_review(
                user=st, progress=rows[0], accept=True, version=rows[0].version
            )
        if len(rows) > 1:
            guidelines.progress_review(
                user=st,
                progress=rows[1],
                accept=False,
                version=rows[1].version,
                note="Adjunte el acta de instalación de la mesa.",
            )
        for guideline in prevention[:3]:
            guidelines.progress_update(
                user=fp_gt,
                country=gt,
                guideline=guideline,
                status=GuidelineProgress.Status.IN_PROGRESS,
                evidence="Plan nacional 2024-2030 (demostración).",
                version=None,
            )
        proposal = guidelines.proposal_create(
            user=presidency,
            title="Concentrar la prevención en la Guía de Indicadores de Sospecha (demostración)",
            rationale="Las listas de verificación muestran poco avance en el lineamiento A.3.",
            proposal="Priorizar el mecanismo regional de monitoreo de campañas en el POA 2027.",
            guideline=prevention[2] if len(prevention) > 2 else None,
            area="" if len(prevention) > 2 else Guideline.Area.PREVENTION,
        )
        guidelines.proposal_submit(user=presidency, proposal=proposal, meeting=upcoming)
