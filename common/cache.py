"""Read-mostly pages kept rendered until the data under them changes (issue #10).

The dashboard and the POA matrix render hundreds of rows at 10× the coalition (90 bodies,
200 activities); they change only when somebody edits the plan or a report, and every such
edit leaves a history record (services, admin and imports alike: simple_history). The
cache key therefore carries a *stamp*: the newest history id of each model the page
shows, read in one query of primary-key lookups. An edit moves the stamp, so the next
request renders afresh; nothing has to remember to invalidate anything.

The stamp is read under READ COMMITTED: a transaction that took a lower history id but
commits after a higher one can leave an entry one change behind. PAGE_CACHE_SECONDS bounds
that window; the official figures (approvals by the Secretariat) are not concurrent."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)


def _newest(model: type[Model]) -> str:
    """SQL for the newest history id of a model with `history`; for an append-only log
    without history (rows added, never edited: a quorum verification, a status change, a
    delivery), its newest primary key."""
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.attname
    if hasattr(model, "history"):
        table, column = model.history.model._meta.db_table, "history_id"
    return f"(SELECT MAX({quote(column)}) FROM {quote(table)})"


@functools.cache
def _stamp_sql(models: tuple[type[Model], ...], vendor: str) -> str:
    """Built once per set of models: reaching `Model.history` builds a manager each time."""
    return "SELECT " + ", ".join(_newest(m) for m in models)


def history_stamp(models: Iterable[type[Model]]) -> str:
    """The newest history id of each model (or newest id of an append-only log), as one
    string read in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(tuple(models), connection.vendor))
        return ".".join(str(value or 0) for value in cursor.fetchone())


def cached(
    name: str,
    *,
    stamp: str,
    parts: Iterable[object],
    compute: Callable[[], Any],
    timeout: int | None = None,
) -> Any:
    """compute() once per (name, parts, stamp); afterwards the stored value, for `timeout`
    seconds (PAGE_CACHE_SECONDS by default). Without a reachable cache every call computes:
    slower, never an error."""
    raw = "|".join(str(part) for part in (*parts, stamp))
    key = f"{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    try:
        value = cache.get(key)
    except Exception:  # the backend's own connection errors (redis, memcached) vary
        logger.warning("page cache unreachable: %s computed afresh", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("page cache unreachable: %s not stored", name, exc_info=True)
    return value


# What a kept page's forms carry instead of a CSRF token (render with `kept_context`):
# cached_page writes the reader's own token in its place on every request, so a page kept
# for one session never hands its token to another.
CSRF_PLACEHOLDER = "kept-page-csrf-placeholder"


def kept_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context to render a kept page with: `{% csrf_token %}` writes the placeholder."""
    return {**context, "csrf_token": CSRF_PLACEHOLDER}


def cached_page(
    request: HttpRequest,
    name: str,
    *,
    stamp: str,
    params: Iterable[str],
    variant: str = "",
    render: Callable[[], str],
) -> SafeString:
    """`render()` once per (page, language, date, variant, the given GET parameters,
    stamp); afterwards the stored HTML. Only the named parameters count, each cut short,
    so that made-up query strings cannot fill the cache. A page with forms renders them with
    `kept_context`: the placeholder becomes this request's CSRF token here."""
    values = "&".join(f"{p}={request.GET.get(p, '')[:40]}" for p in params)
    parts = (translation.get_language(), timezone.localdate(), variant, values)
    html = cached(f"page:{name}", stamp=stamp, parts=parts, compute=lambda: str(render()))
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)
