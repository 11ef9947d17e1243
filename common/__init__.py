"""Shared infrastructure, the ground floor of the project (docs/architecture.md): API base
classes, errors, ETags, pagination, the page cache, the PDF path, tabular export,
publish-on-commit, upload validators, form helpers and the read-only admin. It imports no
app of the project and no part of `coalicion/` (the wiring)."""
