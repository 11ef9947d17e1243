from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoriesConfig(AppConfig):
    name = "directories"
    verbose_name = _("Regional directories and legislation")
