"""Reads of communications (docs/architecture.md)."""

# the archive (issue 18): the access rule and the documents' reads
from communications.selectors.access import can_read, readable, readable_q  # noqa: F401
from communications.selectors.archive import (  # noqa: F401
    ArchiveFilters,
    can_manage_archive,
    document_for,
    document_list,
    version_for,
)

# comunicados (issue 18)
from communications.selectors.communiques import (  # noqa: F401
    communique_for_reader,
    communique_list,
    communique_page,
    communique_recipients,
    inbox,
    readable_communiques,
    recipients_per_group,
    who_has_it,
)
