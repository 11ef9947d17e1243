"""Demo events (for the demo and screenshots only; the titles say "demostración"): a regional
workshop laid out like the 2017 smuggling-plan workshop's concept note (004: San José, two
days, the agenda's activities and responsible parties, participants by profile, the CRM as
co-organiser) — 004 leaves the hours blank, so the demo's hours are illustrative — convened
through the services, with each invited country's participants registered by its focal point
and confirmed by ST, signed in on the first day; and a national session in draft.
Idempotent: an event with the same title is left as it is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events import services
from events.models import Event, Participant
from members.models import Country, User
from plans.models import Actor

WORKSHOP = (
    "Taller regional sobre el plan de trabajo contra el tráfico ilícito de migrantes (demostración)"
)
SESSION = "Sesión nacional de socialización de protocolos (demostración)"
# 004's agenda (day, activity, responsible); the hours are the demo's own.
AGENDA = [
    (0, "08:30", "09:00", "Registro de los participantes", ""),
    (0, "09:00", "09:30", "Palabras de apertura y bienvenida al Taller", "País anfitrión"),
    (0, "09:30", "10:15", "Presentación del taller: Objetivos y Metodología", "ST – CRM y OIM"),
    (0, "10:30", "11:30", "Presentación de Antecedentes", "CRM, OIM"),
    (0, "11:30", "12:30", "Sesión Metodológica: la construcción de un Plan de Trabajo", "OIM"),
    (0, "14:00", "16:00", "Trabajo en grupo", ""),
    (0, "16:15", "17:30", "Presentación en plenaria", "Las delegaciones"),
    (1, "08:30", "09:00", "Registro de los participantes", ""),
    (1, "09:00", "09:45", "Síntesis del día anterior", ""),
    (1, "10:00", "12:30", "Trabajo en grupos", ""),
    (1, "14:00", "15:30", "Presentación en plenaria", ""),
    (1, "15:30", "16:30", "Próximos pasos", ""),
    (1, "16:30", "17:00", "Cierre del taller", ""),
]
# 004 "Perfil de participantes": three to four per country.
PROFILES = [
    (
        Participant.Profile.PROSECUTOR,
        "Fiscal especial contra el tráfico ilícito de migrantes",
        "Ministerio Público",
    ),
    (
        Participant.Profile.MIGRATION_DIRECTOR,
        "Director/a de Migración",
        "Dirección General de Migración",
    ),
    (Participant.Profile.INVESTIGATOR, "Investigador/a principal", "Policía Nacional"),
]


# 004's proposed working groups (axes of the plan) and demo rows of their matrices.
GROUPS = [
    (
        "Inteligencia/Investigación",
        "Recopilación e intercambio de información (004, eje 1).",
    ),
    (
        "Operaciones de Terreno",
        "Cooperación, respuesta policial y judicial (004, eje 2).",
    ),
]
MATRIX = [
    [
        [
            "Producir inteligencia accionable entre países",
            "Procedimientos estandarizados desde la detección del delito (demostración)",
            "Puntos focales",
            "2 años",
        ],
    ],
    [
        [
            "Formación regional permanente",
            "Plan de formación de equipos interinstitucionales (demostración)",
            "ST",
            "1 año",
        ],
    ],
]


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        st = User.objects.filter(username="st").first()
        if st is None:
            raise CommandError("Run load_demo first (the demo accounts).")
        if not Event.objects.filter(title=WORKSHOP).exists():
            self._workshop(st)
        if not Event.objects.filter(title=SESSION).exists():
            services.event_create(
                user=st,
                kind=Event.Kind.NATIONAL_SESSION,
                title=SESSION,
                starts_on=timezone.localdate() + dt.timedelta(days=40),
                ends_on=timezone.localdate() + dt.timedelta(days=40),
                time_zone="America/Tegucigalpa",
                host_country=Country.objects.get(iso_code="HN"),
                city="Tegucigalpa",
                organised_by=Event.Organiser.COUNTRY,
                quota_per_country=10,
                invited_countries=[Country.objects.get(iso_code="HN")],
            )
        self.stdout.write("demo events loaded")

    def _workshop(self, st: User) -> None:
        members = list(
            Country.objects.filter(
                iso_code__in=["BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA", "DO"]
            ).order_by("iso_code")
        )
        today = timezone.localtime(timezone.now(), ZoneInfo("America/Costa_Rica")).date()
        event = services.event_create(
            user=st,
            kind=Event.Kind.WORKSHOP,
            title=WORKSHOP,
            purpose=(
                "Contribuir a la elaboración del plan de trabajo en materia de lucha contra el "
                "tráfico ilícito de migrantes (004, objetivo general)."
            ),
            starts_on=today,
            ends_on=today + dt.timedelta(days=1),
            time_zone="America/Costa_Rica",
            host_country=Country.objects.get(iso_code="CR"),
            city="San José",
            venue="Sede de la demostración",
            organised_by=Event.Organiser.SECRETARIAT,
            quota_per_country=4,
            invited_countries=members,
        )
        crm = Actor.objects.filter(acronym="CRM").first()
        if crm is not None:
            services.event_actor_save(user=st, event=event, actor=crm, role="organiser", quota=2)
        for day, start, end, activity, responsible in AGENDA:
            services.agenda_slot_save(
                user=st,
                event=event,
                day=event.starts_on + dt.timedelta(days=day),
                starts_at=_time(start),
                ends_at=_time(end),
                activity=activity,
                responsible=responsible,
            )
        event = services.event_convene(user=st, event=event, expected_version=None)
        for country in members:
            focal_point = User.objects.filter(username=f"fp-{country.iso_code.lower()}").first()
            if focal_point is None:
                continue
            seats = PROFILES if country.iso_code != "BZ" else PROFILES[:2]
            for n, (profile, position, institution) in enumerate(seats, start=1):
                participant = services.participant_register(
                    user=focal_point,
                    event=event,
                    country=country,
                    full_name=f"Participante {n} de {country.name} (demostración)",
                    position=position,
                    institution=institution,
                    profile=profile,
                    email=f"participante{n}.{country.iso_code.lower()}@example.org",
                    language="en" if country.iso_code == "BZ" else "es",
                )
                if country.iso_code == "HN" and n == 3:
                    continue  # waits for ST's confirmation
                participant = services.participant_confirm(
                    user=st, participant=participant, expected_version=None
                )
                if n < 3:
                    services.day_sign_in(user=st, participant=participant, day=event.starts_on)
        self._groups(st, event)

    def _groups(self, st: User, event: Event) -> None:
        """Two of the working groups 004 proposes, each with a matrix by axis."""
        confirmed = list(
            event.participants.filter(state=Participant.State.CONFIRMED).order_by("pk")
        )
        for index, (name, topic) in enumerate(GROUPS):
            members = confirmed[index::2][:8]
            group = services.group_save(
                user=st,
                event=event,
                name=name,
                topic=topic,
                members=members,
                facilitator=members[0],
                rapporteur=members[1],
            )
            group = services.matrix_columns_set(
                user=st,
                group=group,
                columns=["Objetivo", "Acción estratégica regional", "Responsable", "Plazo"],
                expected_version=group.version,
            )
            for cells in MATRIX[index]:
                services.matrix_row_add(user=st, group=group, cells=cells)
