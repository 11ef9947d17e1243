"""The top of the project (docs/architecture.md): the home page of each role and the pages
that span apps (indicators from records). It gathers what each app contributes through the
app's own selectors; no app imports the portal."""
