"""The PDFs of the platform built from monitoring's figures (issue #7; SPEC §6, 003 §IX):
the biennial accountability report, a national body's progress report (the §IX form) and,
through meetings.pdf, the minutes.

- snapshot/ gathers every figure once, with the dashboards' selectors, into JSON;
- render.py turns a snapshot into HTML and a PDF through common.pdf (the one way the
  platform makes PDFs), with charts from charts.py (server-side SVG: WeasyPrint runs no
  JavaScript);
- storage.py writes the file so that a retried or duplicated task never leaves two files
  or a half-written one;
- permissions.py and forms.py serve the pages; the jobs themselves are written by
  reports.services (report_job_*) and read by reports.selectors (report_job_*)."""
