from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def load_source_data(self) -> dict[str, int]:
        from members.loaders import load_coalition, load_legal_framework, load_regional_agreements

        return load_coalition() | load_legal_framework() | load_regional_agreements()
