from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Shared regional statistics, aggregates only (issue 20; 002 d)."""

    name = "stats"
    verbose_name = _("Regional statistics")

    def load_source_data(self) -> dict[str, int]:
        """The cube's dimensions, values and measures, for manage.py load_coalition."""
        from stats.loaders import load_cube

        return load_cube()
