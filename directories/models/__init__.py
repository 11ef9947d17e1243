"""Regional reference information (issue 19): institutions and contact points every focal
point can trust (contacts.py), and the comparative legislation of the member countries
(legislation.py)."""

from directories.models.contacts import *  # noqa: F403
from directories.models.legislation import *  # noqa: F403
