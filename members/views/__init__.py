"""Pages of the members registry, by sub-domain: registry (countries, bodies, observers,
legal framework, directory, designations and letters), offices, committees, history and
tokens. Views translate HTTP to service and selector calls and back; the rules live in
members.services, members.selectors and members.permissions. Every view is re-exported here
for members.urls and coalicion.urls."""

from members.views.committees import (
    committee_country_add,
    committee_country_end,
    committee_create,
    committee_detail,
    committee_edit,
    committee_list,
    committee_member_add,
    committee_member_end,
)
from members.views.history import history_detail, history_list
from members.views.offices import office_edit, office_holder_create, offices
from members.views.registry import (
    PAGE_SIZE,
    body_detail,
    country_directory,
    designation_create,
    designation_letter,
    designation_letter_download,
    designation_revoke,
    legal_framework,
    national_body_create,
    observer_list,
    person_create,
    person_edit,
    person_list,
)
from members.views.tokens import api_token_revoke, api_tokens

__all__ = [
    "PAGE_SIZE",
    "api_token_revoke",
    "api_tokens",
    "body_detail",
    "national_body_create",
    "committee_country_add",
    "committee_country_end",
    "committee_create",
    "committee_detail",
    "committee_edit",
    "committee_list",
    "committee_member_add",
    "committee_member_end",
    "country_directory",
    "designation_create",
    "designation_letter",
    "designation_letter_download",
    "designation_revoke",
    "history_detail",
    "history_list",
    "legal_framework",
    "observer_list",
    "office_edit",
    "office_holder_create",
    "offices",
    "person_create",
    "person_edit",
    "person_list",
]
