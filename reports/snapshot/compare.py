"""Comparing a frozen snapshot with today's figures (issue #7: "compared with today's
numbers"): the comparable figures of a snapshot, and what changed."""

from __future__ import annotations


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
    keys = sorted(set(old) | set(new), key=lambda k: tuple(str(p) for p in k))
    return [(k, old.get(k), new.get(k)) for k in keys if not same(old.get(k), new.get(k))]
