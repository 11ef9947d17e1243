"""Log lines that an operator can read and a log shipper can parse: every line carries the
time in UTC (whatever TIME_ZONE the process has; Django sets the process zone to TIME_ZONE,
gunicorn's master does not), the level, the logger and the request id (django-guid's
correlation id, also returned in the response's ``X-Request-ID`` header)."""

from __future__ import annotations

import logging
import time

from pythonjsonlogger.json import JsonFormatter

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(correlation_id)s %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class UTCFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self, fmt: str = PLAIN_FORMAT, datefmt: str = DATE_FORMAT, **kwargs) -> None:
        super().__init__(fmt=fmt, datefmt=datefmt, **kwargs)


class UTCJSONFormatter(JsonFormatter):
    converter = time.gmtime

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", JSON_FIELDS)
        kwargs.setdefault("datefmt", DATE_FORMAT)
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level"})
        super().__init__(*args, **kwargs)


class DefaultCorrelationId(logging.Filter):
    """django-guid's filter, with "-" outside a request (commands, beat, worker start)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from django_guid import get_guid

        record.correlation_id = get_guid() or "-"
        return True


def logging_config(*, level: str = "INFO", fmt: str = "plain") -> dict:
    """The LOGGING dict for Django, Celery (which keeps it: worker_hijack_root_logger off) and
    gunicorn (gunicorn.conf.py uses the same dict)."""
    formatter = "json" if fmt == "json" else "plain"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"correlation_id": {"()": "common.logging.DefaultCorrelationId"}},
        "formatters": {
            "plain": {"()": "common.logging.UTCFormatter"},
            "json": {"()": "common.logging.UTCJSONFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "filters": ["correlation_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            "django_guid": {"level": "WARNING"},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": level, "propagate": False},
            "celery": {"level": level},
        },
    }
