"""Demo comunicados for the embedded default (`make run`), through the services: one to every
member country's representatives and focal points (acknowledge by a date, some recipients
have opened and acknowledged it), one restricted to Honduras and Guatemala, and a draft.
Generic texts, each saying it is demo content. Idempotent: does nothing if they are there."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from communications import services
from communications.models import AccessLevel, Communique, Delivery
from members.models import Country, User

DEMO_NOTE = "Contenido de demostración de la plataforma."
A = Communique.Audience


class Command(BaseCommand):
    help = "Create demo comunicados (sent, restricted, draft). Idempotent."

    def handle(self, *args, **options) -> None:
        st = User.objects.filter(username="st").first()
        if st is None:
            raise CommandError("Run load_demo first: the demo comunicados are ST's.")
        if Communique.objects.filter(body__endswith=DEMO_NOTE).exists():
            self.stdout.write("Demo comunicados already loaded.")
            return
        today = timezone.localdate()
        delegate = User.objects.filter(username="delegado").select_related("person").first()
        named = [delegate.person] if delegate and delegate.person_id else []
        with transaction.atomic():
            everyone = services.communique_create(
                by=st,
                subject="Solicitud de insumos para el informe semestral",
                body=(
                    "Se solicita a los enlaces nacionales enviar sus insumos del semestre a "
                    "la Secretaría Técnica por medio de la plataforma.\n\n" + DEMO_NOTE
                ),
                audiences=[A.REPRESENTATIVES, A.FOCAL_POINTS],
                people=named,
                acknowledge_by=today + dt.timedelta(days=10),
            )
            everyone = services.communique_send(by=st, communique=everyone)
            restricted = services.communique_create(
                by=st,
                subject="Coordinación de la reunión técnica binacional",
                body="Propuesta de agenda para la reunión técnica.\n\n" + DEMO_NOTE,
                confidentiality=AccessLevel.RESTRICTED,
                audiences=[A.REPRESENTATIVES, A.FOCAL_POINTS],
                countries=list(Country.objects.filter(iso_code__in=["HN", "GT"])),
                people=named,
            )
            restricted = services.communique_send(by=st, communique=restricted)
            services.communique_create(
                by=st,
                subject="Borrador: calendario de reuniones del próximo año",
                body="Por completar.\n\n" + DEMO_NOTE,
                audiences=[A.REPRESENTATIVES],
            )
            # Some recipients have read and acknowledged the first one (Honduras, Guatemala).
            for delivery in everyone.deliveries.filter(
                kind=Delivery.Kind.COMMUNIQUE, country__iso_code__in=["HN", "GT", "CR"]
            ).exclude(user__isnull=True):
                services.communique_open(user=delivery.user, delivery=delivery)
                if delivery.country.iso_code != "CR":
                    services.communique_acknowledge(user=delivery.user, delivery=delivery)
        self.stdout.write(
            f"Demo comunicados: {everyone.number}, {restricted.number} and one draft."
        )
