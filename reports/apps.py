from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def archive_backfill(self) -> dict[str, int]:
        """`manage.py archive_backfill` (communications, a layer below): the presented term
        reports and the PDFs of approved minutes that existed before the archive."""
        from reports.services.archiving import backfill

        return backfill()
