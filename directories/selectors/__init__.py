from directories.selectors.contacts import (  # noqa: F401
    can_edit_contact_point,
    contact_point_detail,
    filter_contact_points,
    freshness_board,
    institution_list,
    own_stale_count,
    stale_contact_points,
    stale_q,
    visible_contact_points,
)
from directories.selectors.home import home_tasks  # noqa: F401
from directories.selectors.legislation import (  # noqa: F401
    legislation_matrix,
    matrix_export_rows,
    proposed_cells,
    reform_list,
)
