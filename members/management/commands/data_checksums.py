"""Row count and checksum of every table of the database, and of every file under
MEDIA_ROOT: the figures a backup's round trip must reproduce (README "Backup and restore").

    python manage.py data_checksums > before.txt
    ... dbbackup / dbrestore, mediabackup / mediarestore ...
    python manage.py data_checksums > after.txt && diff before.txt after.txt

Rows are read in the order of all their columns and hashed from their text form; files from
their bytes. Two databases of the same engine with the same data print the same lines."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Print the row count and checksum of every table and of every media file."

    def handle(self, *args, **options):
        tables = rows_total = 0
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.table_names(cursor)):
                columns = connection.introspection.get_table_description(cursor, table)
                order = ", ".join(str(i + 1) for i in range(len(columns)))
                name = connection.ops.quote_name(table)  # names from introspection, not input
                cursor.execute(f"SELECT * FROM {name} ORDER BY {order}")
                digest, count = hashlib.sha256(), 0
                for row in cursor.fetchall():
                    digest.update(repr(row).encode())
                    count += 1
                self.stdout.write(f"table {table} {count} {digest.hexdigest()[:16]}")
                tables, rows_total = tables + 1, rows_total + count
        media = Path(settings.MEDIA_ROOT)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in files:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            self.stdout.write(f"file {path.relative_to(media)} {path.stat().st_size} {digest}")
        self.stderr.write(f"{tables} tables, {rows_total} rows, {len(files)} media files")
