"""Who the platform's e-mails and calendar files come from (issue 25): the address of
settings.DEFAULT_FROM_EMAIL, read when the message is written, under the platform's name in
the active language — "Coalición Regional" to a reader in Spanish, "Regional Coalition" to
one in English. Call these inside the translation.override of the recipient's language.

The operator's own display name: DEFAULT_FROM_EMAIL's name is replaced by the translated
platform name only when it is empty or the platform's name itself (the settings' default,
"Coalición Regional", or its English form); a different name the operator chose (e.g.
"Secretaría Técnica CR") is kept as written, in every language."""

from __future__ import annotations

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

PLATFORM_NAME = gettext_noop("Regional Coalition")

# The platform's own name as a display name (the settings' default is the Spanish one):
# these are translated, any other name is the operator's and is kept.
PLATFORM_NAMES = frozenset({"Coalición Regional", PLATFORM_NAME})


def sender_address() -> str:
    """The bare address of settings.DEFAULT_FROM_EMAIL."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def sender_name() -> str:
    """The sender's display name in the active language (or the operator's own name)."""
    name = parseaddr(settings.DEFAULT_FROM_EMAIL)[0].strip()
    if not name or name in PLATFORM_NAMES:
        return gettext(PLATFORM_NAME)
    return name


def sender() -> str:
    """`Name <address>` for an EmailMessage's from_email, the name in the active language
    (quoted when it needs it; Django encodes it for the header). Without an address the
    setting is given as it is, for Django to refuse."""
    address = sender_address()
    if not address:
        return settings.DEFAULT_FROM_EMAIL
    return str(Address(display_name=sender_name(), addr_spec=address))
