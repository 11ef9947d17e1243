"""Comparing a frozen snapshot with today's figures (issue #7: "compared with today's
numbers"): the comparable figures of a snapshot, and what changed."""

from __future__ import annotations

STATISTICS = "statistics"  # the first part of every key of the regional statistics (issue 20)
SDG = "SDG 16.2.2"
COOPERATION = "cooperation"  # the first part of every key of the cooperation (issue 22)


def _statistics(part: dict) -> dict[tuple, float | int | str | None]:
    """The regional statistics as the report printed them: per measure and year the
    countries published, the regional total and whether it is suppressed; per SDG 16.2.2
    row the victims, the rate and whether they are suppressed. Only public figures: a
    suppressed value is None on both sides, so a change shows as the flag changing."""
    out: dict[tuple, float | int | str | None] = {}
    for measure in part["measures"]:
        for row in measure["years"]:
            key = (STATISTICS, measure["code"], row["year"])
            out[(*key, "countries")] = len(row["countries"])
            out[(*key, "total")] = row["total"]
            out[(*key, "suppressed")] = row["suppressed"]
    table = part["sdg"]
    for line in table["lines"]:
        where = line["country"]["iso"] if line["country"] else "region"
        row = (STATISTICS, SDG, table["year"], where, line["sex"], line["age"])
        out[(*row, "victims")] = line["victims"]
        out[(*row, "rate")] = line["rate"]
        out[(*row, "suppressed")] = line["suppressed"]
    return out


def figures(snapshot: dict) -> dict[tuple, float | int | str | None]:
    """The comparable figures of a snapshot, keyed by what they measure. Texts (titles,
    narratives) are left out: the comparison is about numbers and statuses."""
    out: dict[tuple, float | int | str | None] = {}
    kind = snapshot.get("kind")
    if kind == "accountability":
        for year in snapshot["years"]:
            y = year["year"]
            if not year.get("poa"):
                out[(y, "poa")] = None
                continue
            out[(y, "period")] = year["period"]["semester"] if year["period"] else None
            for key in ("achieved", "planned", "compliance"):
                out[(y, "overall", key)] = year["overall"][key]
            for key, n in year["status_counts"].items():
                out[(y, "activities", key)] = n
            for axis in year["axes"]:
                stack = [axis]
                while stack:
                    node = stack.pop()
                    out[(y, node["level"], node["code"], "achieved")] = node["achieved"]
                    out[(y, node["level"], node["code"], "planned")] = node["planned"]
                    stack.extend(node.get("children", []))
            for c in year["countries"]:
                out[(y, "country", c["country"]["iso"], "achieved")] = c["achieved"]
            for t in year["timeliness"]:
                out[(y, "timeliness", t["semester"], "on_time")] = t["on_time"]
                out[(y, "timeliness", t["semester"], "submitted")] = t["submitted"]
        years = snapshot["term"]["years"]
        for i in snapshot["indicators"]:
            for year, value in zip(years, i["values"], strict=False):
                out[("indicator", i["result"], i["position"], year)] = value
        out[("meetings", "held")] = len(snapshot["meetings"])
        out[("agreements", "adopted")] = snapshot["agreements"]["adopted"]
        for status, n in snapshot["agreements"]["by_status"].items():
            out[("agreements", status)] = n
        if snapshot.get("statistics") is not None:
            out.update(_statistics(snapshot["statistics"]))
        if snapshot.get("cooperation") is not None:
            for row in snapshot["cooperation"]["totals"]:
                where = (COOPERATION, row["partner"], row["year"])
                for currency, amount in row["money"].items():
                    out[(*where, currency)] = float(amount)
                out[(*where, "in_kind")] = row["in_kind"]
    elif kind == "progress_report":
        out[("report", "status")] = snapshot["report"]["status"]
        for row in snapshot["rows"]:
            out[("row", row["code"], "progress")] = row["progress"]
            out[("row", row["code"], "goal_status")] = row["goal_status"]
    elif kind == "minutes":
        out[("minutes", "state")] = snapshot["state"]
        out[("minutes", "agreements")] = len(snapshot["records"].get("agreements", []))
        out[("minutes", "motions")] = len(snapshot["records"].get("motions", []))
    return out


def differences(frozen: dict, today: dict) -> list[tuple[tuple, object, object]]:
    """(what, value in the report, value today) for every figure that changed since the
    report was issued, in a stable order."""

    def same(a, b) -> bool:
        if isinstance(a, float | int) and isinstance(b, float | int):
            return abs(float(a) - float(b)) < 1e-9
        return a == b

    old, new = figures(frozen), figures(today)
    if frozen.get("kind") == "accountability" and "statistics" not in frozen:
        # A report issued before it had a statistics section printed none: today's
        # statistics are no change to it.
        new = {k: v for k, v in new.items() if k[0] != STATISTICS}
    if frozen.get("kind") == "accountability" and "cooperation" not in frozen:
        # Nor had one issued before the cooperation section (issue 22) any cooperation.
        new = {k: v for k, v in new.items() if k[0] != COOPERATION}
    keys = sorted(set(old) | set(new), key=lambda k: tuple(str(p) for p in k))
    return [(k, old.get(k), new.get(k)) for k in keys if not same(old.get(k), new.get(k))]
