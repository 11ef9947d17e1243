from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoriesConfig(AppConfig):
    name = "directories"
    verbose_name = _("Regional directories and legislation")

    def load_source_data(self) -> dict[str, int]:
        """The comparative matrix's dimensions (002 e.A) and the national bodies' member
        institutions 003 §III names, for manage.py load_coalition."""
        from directories.loaders import load_body_members, load_legislation_dimensions

        return {**load_legislation_dimensions(), **load_body_members()}
