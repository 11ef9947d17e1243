"""Writing a report file so that it is never half-written and never duplicated (issue #7:
"a retried or duplicated task never produces two files or a half-written one: write to a
temporary name, then move").

Each job has one deterministic name (monitoring.models.report_upload_to: the job's random
key and the report's slug), so every attempt of the same job writes the same name:

- local storage (FileSystemStorage and anything with a real `path()`): the bytes go to a
  temporary file in the same directory, are flushed to disk, then `os.replace`d onto the
  final name — atomic on POSIX, so a reader sees the old file or the new one, never part;
- remote storage (S3-compatible through django-storages): an object becomes visible only
  when its upload completes, so the object is simply written under its final name.

Temporary files that an interrupted attempt left behind (worker killed mid-write) are
removed by a later attempt of the same job once they are older than any build can run."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage

PART_SUFFIX = ".part"
STALE_PART_SECONDS = 60 * 60  # longer than the task's hard time limit


def _local_path(storage: Storage, name: str) -> Path | None:
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def _remove_stale_parts(path: Path) -> None:
    """Temporary files older than any build may run are leftovers of a killed attempt; a
    younger one may belong to a duplicate attempt still writing, so it is left alone."""
    limit = time.time() - STALE_PART_SECONDS
    for part in path.parent.glob(f".{path.name}.*{PART_SUFFIX}"):
        try:
            if part.stat().st_mtime < limit:
                part.unlink(missing_ok=True)
        except FileNotFoundError:
            pass


def store_atomically(storage: Storage, name: str, data: bytes) -> str:
    """Store `data` under exactly `name` (replacing an earlier attempt's file) and return it."""
    path = _local_path(storage, name)
    if path is None:
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # a duplicate attempt stored `name` meanwhile: keep only that one
            storage.delete(saved)
        return name
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PART_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if settings.FILE_UPLOAD_PERMISSIONS is not None:
            os.chmod(tmp, settings.FILE_UPLOAD_PERMISSIONS)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return name


def files_of(storage: Storage, directory: str) -> list[str]:
    """Every file under a job's directory, temporary ones included (for the tests and the
    idempotency check)."""
    try:
        _dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    return sorted(files)
