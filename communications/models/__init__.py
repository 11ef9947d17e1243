"""Communications (issue 18): comunicados and the log of every message the platform sends
(communiques.py), the coalition's archive (archive.py) and the public pages' content that ST
keeps (public.py)."""

from communications.models.archive import AccessLevel, Document, DocumentVersion
from communications.models.communiques import Communique, Delivery
from communications.models.public import PublicPost

__all__ = [
    "AccessLevel",
    "Communique",
    "Delivery",
    "Document",
    "DocumentVersion",
    "PublicPost",
]
