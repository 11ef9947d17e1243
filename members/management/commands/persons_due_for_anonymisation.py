"""List the people whose professional contact data is past the retention period (issue 23):
no designation in force or to come, the last one ended more than
settings.PERSONAL_DATA_RETENTION_YEARS ago, not yet anonymised. ST erases them through the
person's "erase" page (members.services.person_anonymise)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from members.selectors.privacy import persons_due_for_anonymisation


class Command(BaseCommand):
    help = "List people past the personal-data retention period, due for anonymisation."

    def handle(self, *args, **options):
        due = persons_due_for_anonymisation()
        years = settings.PERSONAL_DATA_RETENTION_YEARS
        for person in due:
            self.stdout.write(
                f"{person.pk}\t{person}\t{person.institution}\t{person.last_end.isoformat()}"
            )
        self.stdout.write(f"{len(due)} due (retention: {years} years after the last designation)")
