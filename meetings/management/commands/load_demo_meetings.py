"""Demo meetings for the embedded default (`make run`), made through the services so every
rule holds: a closed ordinary plenary with quorum, a vote that became an agreement and draft
minutes, and an upcoming convened plenary. Idempotent: does nothing if meetings exist."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from meetings import services
from meetings.models import AgendaItem, Meeting, Motion
from meetings.timezones import country_time_zone
from members.models import Country, Designation, ObserverOrganisation, Person, User
from members.selectors import observer_organisations
from plans.models import Activity


class Command(BaseCommand):
    help = "Create demo meetings through the meetings services. Idempotent."

    def handle(self, *args, **options):
        if Meeting.objects.exists():
            self.stdout.write("meetings: demo meetings already there")
            return
        st = User.objects.filter(username="st").first()
        if st is None:
            raise CommandError("Run `python manage.py load_demo` first.")
        with transaction.atomic():
            self.create(st)
        self.stdout.write(self.style.SUCCESS("meetings: demo meetings created"))

    def create(self, st: User) -> None:
        # Each meeting's times are its venue's clock (meetings.timezones).
        tegucigalpa = ZoneInfo(country_time_zone("HN"))
        guatemala = ZoneInfo(country_time_zone("GT"))
        hn = Country.objects.get(iso_code="HN")
        # Only the Coalition's observers are invited as observers (role observer, admitted by
        # a Plenary agreement: presidency.services.admission). The sources name none — the
        # OIM is a supporter — so, unless one has been admitted, no organisation is invited.
        observers = list(observer_organisations())
        past = services.meeting_create(
            user=st,
            kind=Meeting.Kind.ORDINARY,
            number=24,
            title="XXIV Reunión Ordinaria",
            starts_at=dt.datetime(2026, 3, 10, 9, 0, tzinfo=tegucigalpa),
            ends_at=dt.datetime(2026, 3, 10, 17, 0, tzinfo=tegucigalpa),
            host_country=hn,
            city="Tegucigalpa",
            invited_observers=observers,
        )
        # The agenda beyond the opening items, before convening (agenda_empty_refusal).
        item = services.agenda_item_create(
            user=st,
            meeting=past,
            title="Estrategia regional de prevención de la trata",
            kind=AgendaItem.Kind.DECISION,
        )
        past = services.meeting_convene(user=st, meeting=past)
        past = services.meeting_transition(user=st, meeting=past, to=Meeting.Status.IN_SESSION)
        day = past.date  # the meeting's local date, as the services read it
        titulars = (
            Designation.objects.in_force_on(day)
            .filter(role=Designation.Role.TITULAR)
            .select_related("person", "national_body__country")
            .order_by("national_body__country__iso_code", "person__first_name")
        )
        seen: set[int] = set()
        for designation in titulars:
            country_id = designation.national_body.country_id
            if country_id in seen or designation.national_body.country.iso_code in ("BZ", "DO"):
                continue  # two countries absent, so the quorum shows 7 of 9
            seen.add(country_id)
            services.attendance_record(
                user=st,
                meeting=past,
                person=designation.person,
                capacity="titular",
                designation=designation,
                arrived_at=past.starts_at + dt.timedelta(minutes=5),
            )
        for organisation in observers:
            services.attendance_record(
                user=st,
                meeting=past,
                person=self.representative(organisation),
                capacity="observer",
                observer_organisation=organisation,
                arrived_at=past.starts_at + dt.timedelta(minutes=10),
            )
        services.quorum_verify(user=st, meeting=past)
        motion = services.motion_create(
            user=st,
            agenda_item=item,
            text="Conformar el comité de trabajo que elaborará la línea base de la estrategia "
            "regional de prevención de la trata de personas (POA 2018, actividad 1.1.1).",
            decision_method=Motion.Method.VOTE,
            majority_rule=Motion.MajorityRule.SIMPLE,
        )
        services.motion_open(user=st, motion=motion)
        motion.refresh_from_db()
        for n, iso in enumerate(sorted(motion.entitled_countries)):
            services.vote_cast(
                user=st,
                motion=motion,
                choice="abstain" if n == 0 else "yes",
                country=Country.objects.get(iso_code=iso),
            )
        services.motion_close(user=st, motion=motion)
        services.motion_publish(user=st, motion=motion)
        motion.refresh_from_db()
        activity = Activity.objects.filter(
            code="1.1.1", operational_objective__poa__year=2018
        ).first()
        services.agreement_update(
            user=st,
            agreement=motion.agreement,
            responsible_organs=["petit_committee"],
            due_date=dt.date(2026, 6, 30),
            activities=[activity] if activity else [],
        )
        past = services.meeting_transition(user=st, meeting=past, to=Meeting.Status.CLOSED)
        services.minutes_generate(user=st, meeting=past)
        self.designate_demo_delegate(st, hn)

        upcoming = services.meeting_create(
            user=st,
            kind=Meeting.Kind.ORDINARY,
            number=25,
            title="XXV Reunión Ordinaria",
            starts_at=dt.datetime(2026, 12, 10, 9, 0, tzinfo=guatemala),
            ends_at=dt.datetime(2026, 12, 10, 17, 0, tzinfo=guatemala),
            host_country=Country.objects.get(iso_code="GT"),
            city="Ciudad de Guatemala",
            modality=Meeting.Modality.HYBRID,
            link="https://example.org/reunion",
            invited_observers=observers,
        )
        # Convening needs an agenda beyond the opening items (meetings.rules.agenda_empty_refusal).
        services.agenda_item_create(
            user=st,
            meeting=upcoming,
            title="Informes actualizados de los países miembros",  # 003 §VIII, Del Pleno
            kind=AgendaItem.Kind.INFORMATION,
        )
        services.agenda_item_create(
            user=st,
            meeting=upcoming,
            title="Informe de la Presidencia sobre las acciones realizadas",  # 003 §VIII, 12
            kind=AgendaItem.Kind.INFORMATION,
        )
        services.meeting_convene(user=st, meeting=upcoming)

    @staticmethod
    def representative(organisation: ObserverOrganisation) -> Person:
        """The observer organisation's demo representative, with an address: the invited
        organisation's representative is convened."""
        person, _ = Person.objects.get_or_create(
            first_name="Representante",
            last_name=organisation.acronym,
            observer_organisation=organisation,
            defaults={
                "institution": organisation.name,
                "email": f"representante-{slugify(organisation.acronym)}@example.org",
            },
        )
        return person

    def designate_demo_delegate(self, st: User, hn: Country) -> None:
        """The demo delegate's person becomes an alternate of Honduras (through the 2+2 rule of
        the members service), so signed in as `delegado` one is invited to the upcoming
        plenary and answers it from its page."""
        from members.services import designation_create

        person = Person.objects.filter(user__username="delegado").first()
        body = hn.principal_body
        if person is None or body is None or person.designations.exists():
            return
        try:
            designation_create(
                user=st,
                national_body=body,
                person=person,
                role=Designation.Role.ALTERNATE,
                start_date=dt.date(2026, 6, 1),
            )
        except ValidationError as error:  # the bench is full: the demo goes on without it
            self.stdout.write(f"meetings: demo delegate not designated ({error.messages[0]})")
