from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the data the coalition's source documents define (members registry, strategic "
        "plan, POAs...). Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        # Each app that owns source data exposes load_source_data() on its AppConfig, in
        # layer order (members before plans), so this command needs no upward import.
        for config in apps.get_app_configs():
            loader = getattr(config, "load_source_data", None)
            if loader is None:
                continue
            changes = loader()
            summary = ", ".join(f"{k}: {v}" for k, v in changes.items())
            self.stdout.write(
                self.style.SUCCESS(f"{config.label}: loaded (created or changed: {summary})")
            )
