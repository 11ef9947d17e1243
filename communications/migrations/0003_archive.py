# The archive's search (issue 18): Document.search_vector (always null on SQLite, whose
# fallback reads Document.search_text). On PostgreSQL only: the unaccent extension, the text
# search configuration `coalicion_es` (Spanish, words unaccented before stemming: "victimas"
# finds "víctimas"), a trigger that keeps search_vector (title A, description B,
# search_text C) on every insert and update — whatever writes the row: services, loaders,
# bulk_create — and a GIN index on it (communications.search).
import django.contrib.postgres.search
from django.db import migrations

CONFIG = "coalicion_es"
TABLE = "communications_document"

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DO $$ BEGIN "
    f"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN "
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.spanish); "
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word "
    "WITH unaccent, spanish_stem; "
    "END IF; END $$",
    f"""CREATE OR REPLACE FUNCTION archive_document_search_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('{CONFIG}', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('{CONFIG}', coalesce(NEW.description, '')), 'B') ||
        setweight(to_tsvector('{CONFIG}', coalesce(NEW.search_text, '')), 'C');
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER archive_document_search_vector BEFORE INSERT OR UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION archive_document_search_vector()""",
    f"UPDATE {TABLE} SET search_text = search_text",
    f"CREATE INDEX archive_document_search ON {TABLE} USING GIN (search_vector)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS archive_document_search",
    f"DROP TRIGGER IF EXISTS archive_document_search_vector ON {TABLE}",
    "DROP FUNCTION IF EXISTS archive_document_search_vector()",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("communications", "0002_communiques")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
