"""Tokens for the API fuzzing run of .ci/run and the load benchmark (bench/): a partner
token (read-only) and a focal-point token of one national body, issued through the same
service as ST's page (coalicion.api_tokens), printed as shell assignments:

    PARTNER_TOKEN=cr_...
    FOCAL_POINT_TOKEN=cr_...

Demo data only: refused unless DEBUG or the embedded SQLite database, like load_demo."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from members.models import NationalBody, User
from members.services import api_token_create


class Command(BaseCommand):
    help = "Issue a partner token and a focal-point token for CI and benchmarks; print them."

    def add_arguments(self, parser):
        parser.add_argument("--country", default="HN", help="ISO code of the focal point's body")
        parser.add_argument("--days", type=int, default=2, help="Validity in days")

    def handle(self, *args, **options):
        if not settings.DEBUG and "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
            raise CommandError("CI tokens are for demo databases only (set DJANGO_DEBUG=true).")
        st = User.objects.filter(role=User.Role.SECRETARIAT, is_active=True).first()
        if st is None:
            raise CommandError("Run `python manage.py load_demo` first (no ST account).")
        body = NationalBody.objects.principal().filter(country__iso_code=options["country"]).first()
        if body is None:
            raise CommandError("Run `python manage.py load_coalition` first.")
        expires_on = timezone.localdate() + dt.timedelta(days=options["days"])
        partner = api_token_create(
            user=st, label="CI partner", scope=User.Role.PARTNER, agency="CI", expires_on=expires_on
        )
        focal = api_token_create(
            user=st,
            label=f"CI focal point {body.acronym}",
            scope=User.Role.FOCAL_POINT,
            national_body=body,
            expires_on=expires_on,
        )
        self.stdout.write(f"PARTNER_TOKEN={partner.token}")
        self.stdout.write(f"FOCAL_POINT_TOKEN={focal.token}")
