from __future__ import annotations

import datetime as dt

from flask import abort, render_template, request

from peerreview.councils import bp, services
from peerreview.reference import vocabulary

SORTS = {
    "name": lambda row: row["council"].name,
    "region": lambda row: (row["council"].region, row["council"].name),
    "judgement": lambda row: (
        vocabulary.JUDGEMENTS.index(row["judgement"]) if row["judgement"] else 99,
        row["council"].name,
    ),
    "inspected": lambda row: (row["inspected"] or dt.date.min, row["council"].name),
}


@bp.get("/")
def index():
    """All current councils, filtered by the query string so a filtered list can be shared."""
    today = dt.date.today()
    query = (request.args.get("q") or "").strip().lower()[:100]
    region = request.args.get("region") or ""
    judgement = request.args.get("judgement") or ""
    council_type = request.args.get("type") or ""
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "name"

    latest = services.latest_inspections()
    phases = services.current_phases(today)
    support = services.active_support(today)
    rows = []
    for council in services.current_councils():
        inspection = latest.get(council.gss_code)
        rows.append(
            {
                "council": council,
                "judgement": inspection.overall if inspection else None,
                "inspected": inspection.start_date if inspection else None,
                "phase": phases.get(council.gss_code),
                "support": support.get(council.gss_code, []),
            }
        )
    total = len(rows)
    if query:
        rows = [
            r for r in rows
            if query in r["council"].name.lower() or query == r["council"].gss_code.lower()
        ]
    if region:
        rows = [r for r in rows if r["council"].region == region]
    if judgement:
        wanted = None if judgement == "none" else judgement
        rows = [r for r in rows if r["judgement"] == wanted]
    if council_type:
        rows = [r for r in rows if r["council"].type == council_type]
    rows.sort(key=SORTS[sort])
    counts: dict[str, int] = {}
    for row in rows:
        key = row["judgement"] or "none"
        counts[key] = counts.get(key, 0) + 1
    return render_template(
        "councils/index.html",
        rows=rows,
        total=total,
        counts=counts,
        filters={"q": query, "region": region, "judgement": judgement, "type": council_type,
                 "sort": sort},
        regions=vocabulary.REGIONS,
        types=vocabulary.COUNCIL_TYPES,
        judgements=vocabulary.JUDGEMENTS,
    )


@bp.get("/<code>")
def show(code: str):
    council = services.council_by_code(code)
    if council is None:
        abort(404)
    latest = services.latest_inspections().get(council.gss_code)
    return render_template(
        "councils/show.html",
        council=council,
        latest=latest,
        timeline=services.timeline(council),
        borders=services.borders_of(council.gss_code),
        neighbours=services.statistical_neighbours_of(council.gss_code),
        relations=services.relations_of(council.gss_code),
    )
