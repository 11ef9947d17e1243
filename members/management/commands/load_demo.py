"""Demo accounts for the embedded default (`make run`): one user per role and one focal point
per member country, all with the password DEMO_PASSWORD. Never run in production."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import Designation, NationalBody, ObserverOrganisation, Office, Person, User
from members.services import person_default_language

DEMO_PASSWORD = "coalicion-demo-2026"


class Command(BaseCommand):
    help = "Create demo users (one per role, one focal point per country). Idempotent."

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("Demo users are for the embedded default only.")
        with transaction.atomic():
            rows = self.create_users()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, role in rows:
            self.stdout.write(f"  {username:<14} {role}")

    def _user(self, username: str, **fields) -> User:
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def create_users(self) -> list[tuple[str, str]]:
        bodies = {
            b.country.iso_code: b
            for b in NationalBody.objects.principal().select_related("country")
        }
        if not bodies:
            raise CommandError("Run `python manage.py load_coalition` first.")
        rows = []
        st = self._user(
            "st",
            role=User.Role.SECRETARIAT,
            first_name="Secretaría",
            last_name="Técnica",
            is_staff=True,
            is_superuser=True,
            email="st@example.org",
        )
        rows.append((st.username, str(st.get_role_display())))
        presidency = self._user(
            "presidencia",
            role=User.Role.PRESIDENCY,
            first_name="Presidencia",
            last_name="Pro tempore",
            email="presidencia@example.org",
        )
        rows.append((presidency.username, str(presidency.get_role_display())))
        for iso, body in sorted(bodies.items()):
            fp = self._user(
                f"fp-{iso.lower()}",
                role=User.Role.FOCAL_POINT,
                national_body=body,
                first_name="Punto focal",
                last_name=body.acronym,
                email=f"fp-{iso.lower()}@example.org",
                language=person_default_language(body.country),  # Belize's reads English
            )
            rows.append((fp.username, f"{fp.get_role_display()} · {body.acronym}"))
        hn = bodies.get("HN") or next(iter(bodies.values()))
        delegate_person, _ = Person.objects.get_or_create(
            first_name="Delegada",
            last_name="Demostración",
            country=hn.country,
            defaults={
                "institution": hn.lead_institution or hn.name,
                "email": "delegada@example.org",
            },
        )
        delegate = self._user(
            "delegado",
            role=User.Role.DELEGATE,
            national_body=hn,
            person=delegate_person,
            first_name="Delegada",
            last_name="Demostración",
        )
        rows.append((delegate.username, f"{delegate.get_role_display()} · {hn.acronym}"))
        org = (
            ObserverOrganisation.objects.filter(acronym="OIM").first()
            or ObserverOrganisation.objects.first()
        )
        observer = self._user(
            "observador",
            role=User.Role.OBSERVER,
            observer_organisation=org,
            first_name="Observadora",
            last_name=org.acronym if org else "",
        )
        rows.append((observer.username, str(observer.get_role_display())))
        partner = self._user(
            "socio", role=User.Role.PARTNER, first_name="Agencia", last_name="Socia"
        )
        rows.append((partner.username, str(partner.get_role_display())))
        # The offices in force, so the home page and the biennial report have a term to show.
        gt, sv = bodies.get("GT"), bodies.get("SV")
        if gt and sv:
            term_start = dt.date(2025, 1, 1)
            Office.objects.get_or_create(
                kind=Office.Kind.PRESIDENCY,
                country=gt.country,
                start_date=term_start,
                defaults={"end_date": dt.date(2026, 12, 31), "source": "demo"},
            )
            Office.objects.get_or_create(
                kind=Office.Kind.TECHNICAL_SECRETARIAT,
                country=sv.country,
                start_date=term_start,
                defaults={"end_date": dt.date(2026, 12, 31), "source": "demo"},
            )
        self.create_designations(bodies)
        return rows

    def create_designations(self, bodies: dict[str, NationalBody]) -> None:
        """One titular per body, and for Honduras a full bench plus a past representative,
        so the registry pages have something to show. Goes through the service (2+2 rule)."""
        from members.services import designation_create, designation_revoke

        st = User.objects.get(username="st")
        if Designation.objects.exists():
            return
        for iso, body in bodies.items():
            seats = ["titular"] if iso != "HN" else ["titular", "titular", "alternate", "titular"]
            for n, role in enumerate(seats, start=1):
                person = Person.objects.create(
                    first_name=f"Representante {n}",
                    last_name=f"{body.acronym}",
                    institution=body.lead_institution or body.name,
                    country=body.country,
                    email=f"rep{n}-{iso.lower()}@example.org",
                    position="Punto de enlace",
                    language=person_default_language(body.country),
                )
                start = dt.date(2024, 1, 15) if n < 4 else dt.date(2019, 1, 1)
                designation = designation_create(
                    user=st,
                    national_body=body,
                    person=person,
                    role=role,
                    start_date=start,
                    end_date=dt.date(2020, 12, 31) if n == 4 else None,
                )
                if n == 4:
                    designation_revoke(
                        user=st,
                        designation=designation,
                        revoked_on=dt.date(2020, 6, 30),
                        reason="Cambio de administración",
                    )
