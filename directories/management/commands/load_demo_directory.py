"""`manage.py load_demo_directory`: a few clearly demo institutions and contact points for
Honduras and Guatemala (generic institutional names, "(demo)"), for screenshots and trying
the directory. Idempotent: entries already there (same country and name) are left alone."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from directories.models import ContactPoint, Institution
from members.models import Country

DEMO = {
    "HN": {
        "phone": "+504 2200-0000",
        "domain": "demo-hn.example.org",
        "city": "Tegucigalpa",
    },
    "GT": {
        "phone": "+502 2400-0000",
        "domain": "demo-gt.example.org",
        "city": "Ciudad de Guatemala",
    },
}

INSTITUTIONS = [
    ("Ministerio de Relaciones Exteriores (demo)", "MRE-DEMO", "political", ["consular"]),
    ("Ministerio Público (demo)", "MP-DEMO", "technical", ["prosecution"]),
    ("Instituto Nacional de Migración (demo)", "INM-DEMO", "technical", ["migration"]),
]

ENTRIES = [
    ("attention_centre", "Centro de atención a personas migrantes (demo)", 2, ["attention"], {}),
    ("consulate", "Consulado general (demo)", 0, ["consular"], {}),
    ("repatriation", "Servicio de repatriación y reintegración (demo)", 2, ["repatriation"], {}),
    (
        "central_authority",
        "Autoridad central del convenio de protección (demo)",
        0,
        ["protection"],
        {"authority_status": "pending", "designating_act": "Acuerdo pendiente (demo)"},
    ),
    (
        "public_ministry",
        "Fiscalía especializada (demo)",
        1,
        ["prosecution"],
        {"function": "prosecutor"},
    ),
    ("smuggling_focal_point", "Punto focal contra el tráfico ilícito (demo)", 2, ["migration"], {}),
    ("interpretation", "Servicio de interpretación (demo)", 0, ["interpretation"], {}),
]


class Command(BaseCommand):
    help = "Load a few demo institutions and contact points for Honduras and Guatemala."

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        today = timezone.localdate()
        for iso, data in DEMO.items():
            country = Country.objects.get(iso_code=iso)
            institutions = []
            for name, acronym, level, areas in INSTITUTIONS:
                institution, _new = Institution.objects.get_or_create(
                    country=country,
                    name=name,
                    defaults={
                        "acronym": acronym,
                        "sector": Institution.Sector.STATE,
                        "level": level,
                        "areas": areas,
                        "website": f"https://{data['domain']}/",
                    },
                )
                institution.national_bodies.add(*country.national_bodies.principal())
                institutions.append(institution)
            for n, (type_, name, inst, areas, extra) in enumerate(ENTRIES):
                entry = ContactPoint(
                    country=country,
                    type=type_,
                    institution=institutions[inst],
                    name=name,
                    position="Coordinación (demo)",
                    email=f"contacto{n}@{data['domain']}",
                    phone=data["phone"],
                    city=data["city"],
                    areas=areas,
                    # every third entry left unverified, so the freshness board has both
                    verified_on=None if n % 3 == 2 else today,
                    **extra,
                )
                if ContactPoint.objects.filter(country=country, name=name).exists():
                    continue
                entry.full_clean()
                entry.save()
                created += 1
        self.stdout.write(f"{created} demo contact points created.")
