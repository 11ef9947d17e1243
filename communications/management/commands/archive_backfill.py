from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Register in the archive what exists already (the regional agreements of 003 §IV.C, "
        "meeting documents, approved minutes and their PDFs, presented term reports). "
        "Idempotent: a second run creates nothing and adds no file version."
    )

    def handle(self, *args, **options):
        # Each app whose records belong in the archive exposes archive_backfill() on its
        # AppConfig (as load_source_data() for the source loaders), in layer order, so this
        # command, in the archive's app, needs no upward import.
        for config in apps.get_app_configs():
            backfill = getattr(config, "archive_backfill", None)
            if backfill is None:
                continue
            changes = backfill()
            summary = ", ".join(f"{k}: {v}" for k, v in changes.items())
            self.stdout.write(
                self.style.SUCCESS(f"{config.label}: registered (created or changed: {summary})")
            )
