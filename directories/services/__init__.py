from directories.services.contacts import (  # noqa: F401
    contact_point_create,
    contact_point_update,
    contact_point_verify,
    institution_create,
    institution_update,
    stale_reminders_send,
)
from directories.services.legislation import (  # noqa: F401
    cell_propose,
    cell_return,
    cell_validate,
    reform_save,
)
