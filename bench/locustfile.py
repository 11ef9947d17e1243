"""Load scenarios of bench/load.sh (locust, headless). BENCH_TARGET picks one:

- page targets (`dashboard`, `matrix`, `meeting`, `api-plan`, `api-progress`,
  `report-form`): each user signs in as the Secretariat (pages), as the report's focal point
  (`report-form`: the largest axis page of a draft report) or sends a partner token (API)
  and requests one URL
  in a loop, no think time; `floor-*` targets request a page's floor (bench/floor.py) the
  same way, right after the page;
- `deadline`: each user is a different focal point (bench/synthetic.py accounts) saving
  their report in the open period three times through the web form (reading the form,
  changing every row, posting it with the version it read; a long report page by page, one
  strategic axis each, "save and go to axis N") and submitting it on a fourth pass; the run
  ends when every user has submitted.

Every response carries X-SQL-Queries (bench/middleware.py); the statements per request are
written with locust's own statistics to BENCH_OUT/<target>.queries.json."""

from __future__ import annotations

import json
import os
import statistics
from collections import defaultdict
from html.parser import HTMLParser

from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

TARGET = os.environ.get("BENCH_TARGET", "dashboard")
PATHS = {
    "dashboard": os.environ.get("BENCH_DASHBOARD", "/monitoring/"),
    "matrix": os.environ.get("BENCH_MATRIX", "/plans/poa/2019/"),
    "meeting": os.environ.get("BENCH_MEETING", "/meetings/1/"),
    "api-plan": "/api/v1/plan/",
    "api-progress": os.environ.get("BENCH_PROGRESS", "/api/v1/progress/?year=2019&semester=1"),
    # The floors (bench/floor.py): the same rows from .values() as JSON, run beside each page.
    "floor-matrix": os.environ.get("BENCH_FLOOR_MATRIX", "/bench/floor/matrix/2019/"),
    "floor-meeting": os.environ.get("BENCH_FLOOR_MEETING", "/bench/floor/meeting/1/"),
    "floor-plan": "/bench/floor/plan/",
    "floor-progress": os.environ.get("BENCH_FLOOR_PROGRESS", "/bench/floor/progress/"),
    # The first deadline account's report form (its largest axis's page) and its floor.
    "report-form": os.environ.get("BENCH_REPORT_FORM", ""),
    "floor-report": os.environ.get("BENCH_FLOOR_REPORT", ""),
}
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-pass-2026")
QUERIES: dict[str, list[int]] = defaultdict(list)
OUTCOMES: dict[str, int] = defaultdict(int)


def _record(name: str, response) -> None:
    if "X-SQL-Queries" in response.headers:
        QUERIES[name].append(int(response.headers["X-SQL-Queries"]))


class FormFields(HTMLParser):
    """The successful controls of each POST form of a page, as a browser would send them
    (inputs, checked boxes, textareas, selected options; no submit buttons)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[list[str]]] = []
        self._in_form = False
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append([])
        if not self._in_form or "name" not in a and tag != "option":
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            fields.append(self._textarea)
        elif tag == "select":
            self._select = [a["name"], None]
        elif tag == "option" and self._select and (self._select[1] is None or "selected" in a):
            self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.forms[-1].append([self._select[0], self._select[1] or ""])
            self._select = None
        elif tag == "form":
            self._in_form = False


def form_fields(html: str, containing: str) -> dict[str, str]:
    """The fields of the page's POST form that has a field named `containing`."""
    parser = FormFields()
    parser.feed(html)
    for fields in parser.forms:
        if any(name == containing for name, _value in fields):
            return dict(fields)
    raise ValueError(f"no form with {containing}")


class Signed(HttpUser):
    abstract = True

    def sign_in(self, username: str) -> None:
        """Use the session bench/synthetic.py --env opened for `username`."""
        key = os.environ[f"BENCH_SESSION_{username.upper().replace('-', '_')}"]
        self.client.cookies.set("sessionid", key)


class PageUser(Signed):
    wait_time = constant(0)

    def on_start(self):
        if TARGET.startswith("api-"):
            self.client.headers["Authorization"] = f"Token {os.environ['BENCH_TOKEN']}"
        elif TARGET == "report-form":  # the report's focal point: the form is theirs to fill
            self.sign_in(os.environ["BENCH_REPORT_FORM_USER"])
        else:
            self.sign_in("bench-st")

    @task
    def page(self):
        with self.client.get(PATHS[TARGET], name=TARGET, catch_response=True) as response:
            _record(TARGET, response)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


ACCOUNTS = [a for a in os.environ.get("BENCH_ACCOUNTS", "").split(",") if a]
SAVES = 3


class FocalPoint(Signed):
    """One focal point at the deadline: three saves, then the submission."""

    wait_time = between(0.5, 1.5)  # reading the page, typing
    taken = 0

    def on_start(self):
        FocalPoint.taken += 1
        self.username = ACCOUNTS[(FocalPoint.taken - 1) % len(ACCOUNTS)]
        self.sign_in(self.username)
        self.client.headers["Accept-Language"] = "en"
        self.report = os.environ[f"BENCH_REPORT_{self.username.upper().replace('-', '_')}"]
        self.saves = 0  # passes over the whole form
        self.page: str | None = None  # the axis page a "save and go on" led to

    @task
    def save_then_submit(self):
        """One page of the form: the whole report, or one strategic axis of a long one (its
        "save and go to axis N" button leads on; the last axis's save ends a pass)."""
        edit = f"/monitoring/reports/{self.report}/edit/"
        page = self.client.get(self.page or edit, name="report form")
        _record("report form", page)
        if page.status_code != 200 or "rows-TOTAL_FORMS" not in page.text:
            self.finish("report already submitted by a colleague")
        data = form_fields(page.text, "rows-TOTAL_FORMS")
        last = 'name="save_next"' not in page.text
        for key in [k for k in data if k.endswith("-progress")]:
            prefix = key[: -len("progress")]
            data[key] = str(50 + 10 * self.saves)
            data[prefix + "justification"] = "Actividades reprogramadas por la emergencia."
            data[prefix + "decrease_reason"] = "Revisión de la cifra del semestre anterior."
            data[prefix + "goal_status"] = ""
        name = "report save"
        if not last:
            data["save_next"] = "1"
        elif self.saves >= SAVES:
            data["submit"] = "1"
            name = "report save + submit"
        with self.client.post(
            self.page or edit, data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _record(name, response)
            if response.status_code == 302:
                OUTCOMES[f"{name}: accepted"] += 1
            elif "Someone else saved this report" in response.text:
                OUTCOMES[f"{name}: refused, conflict"] += 1
            elif "This report was already submitted" in response.text:
                # A colleague of the same body submitted it between this read and this save
                # (30 accounts share 9 reports at 1×): a change now needs its reason.
                OUTCOMES[f"{name}: refused, submitted by a colleague"] += 1
            else:
                OUTCOMES[f"{name}: refused, other"] += 1
                response.failure("save refused without a conflict")
        if not last and response.status_code == 302:
            self.page = response.headers["Location"]  # the next axis
            return
        self.page = None
        self.saves += 1
        if name == "report save + submit":
            self.finish("submitted" if response.status_code == 302 else "gave up")

    def finish(self, outcome: str):
        OUTCOMES[outcome] += 1
        OUTCOMES["users finished"] += 1
        if OUTCOMES["users finished"] >= self.environment.runner.target_user_count:
            self.environment.runner.quit()
        raise StopUser


# One user class per run: the deadline's focal points or the page readers.
if TARGET == "deadline":
    del PageUser
else:
    del FocalPoint


@events.quitting.add_listener
def _write(environment, **_kwargs):
    out = os.environ.get("BENCH_OUT")
    if not out:
        return
    summary = {
        name: {
            "requests": len(values),
            "mean": round(statistics.fmean(values), 1),
            "min": min(values),
            "max": max(values),
        }
        for name, values in QUERIES.items()
    }
    with open(os.path.join(out, f"{TARGET}.queries.json"), "w") as f:
        json.dump({"queries": summary, "outcomes": OUTCOMES}, f, indent=1)
