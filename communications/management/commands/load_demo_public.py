"""Demo posts of the public pages for the embedded default (`make run`), through the
services: a news item, a statement, an upcoming and a past event (Spanish and English), and
one draft. Generic texts, each saying it is demo content: they state no fact about the
coalition. Idempotent: does nothing if the demo posts are there."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from communications.models import PublicPost
from communications.services import public as services
from members.models import User

DEMO_NOTE_ES = "Contenido de demostración de la plataforma."
DEMO_NOTE_EN = "Demo content of the platform."

Kind = PublicPost.Kind


def demo_posts(today: dt.date) -> list[dict]:
    return [
        dict(
            kind=Kind.NEWS,
            title_es="La Coalición Regional presenta su nueva plataforma",
            title_en="The Regional Coalition presents its new platform",
            summary_es="Un espacio común para la coordinación, el seguimiento y los documentos.",
            summary_en="A shared space for coordination, follow-up and documents.",
            body_es=(
                "La plataforma reúne las reuniones, los acuerdos, el seguimiento de los planes "
                "operativos y el archivo de la Coalición.\n\n" + DEMO_NOTE_ES
            ),
            body_en=(
                "The platform brings together the coalition's meetings, agreements, the "
                "follow-up of its operating plans and its archive.\n\n" + DEMO_NOTE_EN
            ),
            publish=True,
        ),
        dict(
            kind=Kind.STATEMENT,
            title_es="Comunicado en el Día Mundial contra la Trata de Personas",
            title_en="Statement on the World Day against Trafficking in Persons",
            summary_es="Los países miembros reafirman su compromiso de cooperación regional.",
            summary_en="The member countries reaffirm their commitment to regional cooperation.",
            body_es=(
                "Los países miembros de la Coalición Regional reafirman su compromiso con la "
                "prevención, la persecución del delito y la protección de las víctimas.\n\n"
                + DEMO_NOTE_ES
            ),
            body_en=(
                "The member countries of the Regional Coalition reaffirm their commitment to "
                "prevention, prosecution and the protection of victims.\n\n" + DEMO_NOTE_EN
            ),
            publish=True,
        ),
        dict(
            kind=Kind.NEWS,
            title_es="Taller regional de intercambio de buenas prácticas",
            summary_es="Resumen del taller (versión solo en español).",
            body_es=(
                "Las instancias nacionales compartieron experiencias de trabajo conjunto.\n\n"
                + DEMO_NOTE_ES
            ),
            publish=True,
        ),
        dict(
            kind=Kind.EVENT,
            title_es="Reunión ordinaria de la Coalición",
            title_en="Ordinary meeting of the Coalition",
            summary_es="Reunión ordinaria del Plenario.",
            summary_en="Ordinary meeting of the Plenary.",
            body_es="Las delegaciones de los países miembros se reúnen en Plenario.\n\n"
            + DEMO_NOTE_ES,
            body_en="The member countries' delegations meet in Plenary.\n\n" + DEMO_NOTE_EN,
            starts_on=today + dt.timedelta(days=45),
            ends_on=today + dt.timedelta(days=46),
            place="Ciudad de Guatemala",
            publish=True,
        ),
        dict(
            kind=Kind.EVENT,
            title_es="Encuentro regional de puntos focales",
            title_en="Regional meeting of focal points",
            body_es="Encuentro de trabajo de los puntos focales.\n\n" + DEMO_NOTE_ES,
            body_en="Working meeting of the focal points.\n\n" + DEMO_NOTE_EN,
            starts_on=today - dt.timedelta(days=60),
            place="San José",
            publish=True,
        ),
        dict(
            kind=Kind.NEWS,
            title_es="Borrador: próxima noticia",
            body_es="Un borrador que no se muestra al público.\n\n" + DEMO_NOTE_ES,
            publish=False,
        ),
    ]


class Command(BaseCommand):
    help = "Create demo posts of the public pages (news, statement, events). Idempotent."

    def handle(self, *args, **options):
        st = User.objects.filter(username="st").first()
        if st is None:
            raise CommandError("Run load_coalition and load_demo first.")
        posts = demo_posts(timezone.localdate())
        if PublicPost.objects.filter(title_es=posts[0]["title_es"]).exists():
            self.stdout.write("communications: demo public posts already there")
            return
        with transaction.atomic():
            for fields in posts:
                publish = fields.pop("publish")
                post = services.post_create(by=st, **fields)
                if publish:
                    services.post_publish(by=st, post=post)
        self.stdout.write(self.style.SUCCESS("communications: demo public posts created"))
