from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def load_source_data(self) -> dict[str, int]:
        """Called by `manage.py load_coalition` after members (INSTALLED_APPS order)."""
        from plans.loaders import load_actors, load_plan

        return load_plan() | load_actors()
