"""Every route against every role, anonymous included.

Each route of `app.url_map` must have at least one case below, so a new route without an
entry fails `test_every_route_is_classified`. A case is a URL filled with real ids from the
seeded database (objects of Rochdale in the North West, the demo council user's council and
the regional coordinator's region, and of Cornwall in the South West, to prove that guessing
another council's id gets 404) and one expected outcome per role, in the order of
`security_fixtures.ROLES` (anonymous, national, regional, council user, reviewer):

    o  allowed: 2xx, or a redirect to somewhere other than the sign-in page
    L  anonymous: sent to sign in (302 to /login)
    U  anonymous API client: 401
    F  refused: 403
    N  refused: 404 (no object reachable by guessing an id)
    -  not exercised (a POST that this role may make: its effect is tested with the feature)

POST cases are only sent for the roles that must be refused, and the database must be
byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import g
from sqlalchemy import select

from peerreview.extensions import db
from tests.app.security_fixtures import ROLES, build_world
from tests.conftest import sign_in


@dataclass(frozen=True)
class Case:
    rule: str
    method: str
    url: str
    expect: str  # one letter per role


def G(rule: str, expect: str, url: str | None = None) -> Case:  # noqa: N802
    return Case(rule, "GET", url or rule, expect)


def P(rule: str, expect: str, url: str | None = None) -> Case:  # noqa: N802
    return Case(rule, "POST", url or rule, expect)


C = "/councils/{own_council}"
X = "/councils/{other_council}"
R = "/reviewers/{own_reviewer}"
Q = "/reviewers/{other_reviewer}"
EV = "/councils/<code>/<slug>/<int:item_id>"
RV = "/rota/reviews/<int:review_id>"

CASES: list[Case] = [
    # Public pages: the register and the published calendar are open to everyone.
    G("/", "ooooo"),
    G("/healthz", "ooooo"),
    G("/login", "ooooo"),
    P("/login", "-----"),
    G("/forgot-password", "ooooo"),
    P("/forgot-password", "-----"),
    G("/reset-password/<token>", "NNNNN", "/reset-password/not-a-real-token"),
    P("/reset-password/<token>", "NNNNN", "/reset-password/not-a-real-token"),
    P("/logout", "L----"),
    G("/councils/", "ooooo"),
    G("/councils/map", "ooooo"),
    G("/councils/<code>", "ooooo", C),
    G("/councils/<code>", "ooooo", X),
    G("/councils/<code>", "NNNNN", "/councils/E99999999"),
    G("/calendar/", "ooooo"),
    G("/calendar/councils/<code>", "ooooo", "/calendar/councils/{other_council}"),
    G("/calendar/regions/<slug>", "ooooo", "/calendar/regions/{other_region}"),
    G("/calendar/regions/<slug>", "NNNNN", "/calendar/regions/atlantis"),
    G("/calendar/export.csv", "ooooo"),
    G("/calendar/export.xlsx", "ooooo"),
    G("/calendar/reviews/<int:review_id>.ics", "ooooo", "/calendar/reviews/{other_review}.ics"),
    G("/calendar/reviews/<int:review_id>.ics", "NNNNN", "/calendar/reviews/999999.ics"),
    G("/feeds/national.ics", "ooooo"),
    G("/feeds/regions/<slug>.ics", "ooooo", "/feeds/regions/{own_region}.ics"),
    G("/feeds/councils/<code>.ics", "ooooo", "/feeds/councils/{own_council}.ics"),
    # A reviewer's feed is reached by its secret token alone; a guessed token is 404.
    G("/feeds/reviewers/<token>.ics", "ooooo", "/feeds/reviewers/{feed_token}.ics"),
    G("/feeds/reviewers/<token>.ics", "NNNNN", "/feeds/reviewers/guessed-token.ics"),
    G("/api/v1/openapi.json", "ooooo"),
    G("/api/v1/councils", "ooooo"),
    G("/api/v1/councils/<code>", "ooooo", "/api/v1/councils/{own_council}"),
    G("/api/v1/reviews", "ooooo"),
    G("/api/v1/reviewers", "UooFF"),
    # Personal API tokens: coordinators.
    G("/api/tokens", "LooFF"),
    P("/api/tokens", "L--FF"),
    P("/api/tokens/<int:token_id>/revoke", "L--FF", "/api/tokens/1/revoke"),
    # Personal calendar feeds.
    G("/calendar/my-feed", "LFFFo"),
    P("/calendar/my-feed", "LFFF-"),
    G("/calendar/reviewers/<reference>", "LooFF", "/calendar/reviewers/{other_reviewer}"),
    P("/calendar/reviewers/<reference>", "L--FF", "/calendar/reviewers/{other_reviewer}"),
    # Editing a council's record: national, or the regional coordinator of its region.
    G(f"{EV}/edit", "LooFF", C + "/inspection/{own_inspection}/edit"),
    G(f"{EV}/edit", "LoFFF", X + "/inspection/{other_inspection}/edit"),
    G(f"{EV}/edit", "LNNFF", C + "/inspection/{other_inspection}/edit"),
    P(f"{EV}/edit", "L--FF", C + "/inspection/{own_inspection}/edit"),
    P(f"{EV}/edit", "L-FFF", X + "/inspection/{other_inspection}/edit"),
    G(f"{EV}/delete", "LooFF", C + "/inspection/{own_inspection}/delete"),
    G(f"{EV}/delete", "LoFFF", X + "/inspection/{other_inspection}/delete"),
    P(f"{EV}/delete", "L--FF", C + "/inspection/{own_inspection}/delete"),
    P(f"{EV}/delete", "L-FFF", X + "/inspection/{other_inspection}/delete"),
    G("/councils/<code>/<slug>/new", "LooFF", C + "/phase/new"),
    G("/councils/<code>/<slug>/new", "LoFFF", X + "/phase/new"),
    # The kinds of event are public (the record shows them): an unknown one is 404 for all.
    G("/councils/<code>/<slug>/new", "NNNNN", C + "/no-such-kind/new"),
    P("/councils/<code>/<slug>/new", "L--FF", C + "/phase/new"),
    P("/councils/<code>/<slug>/new", "L-FFF", X + "/phase/new"),
    # Reviews due and capacity: coordinators.
    G("/due", "LooFF"),
    P("/due/nudge", "L--FF"),
    P("/due/request", "L--FF"),
    G("/capacity", "LooFF"),
    # Requests: coordinators (their region) and council users (their council).
    G("/requests", "LoooF"),
    G("/requests/new", "LoooF"),
    P("/requests/new", "L---F"),
    G("/requests/<int:request_id>", "LoooF", "/requests/{own_request}"),
    G("/requests/<int:request_id>", "LoNNF", "/requests/{other_request}"),
    G("/requests/<int:request_id>", "LNNNF", "/requests/999999"),
    G("/requests/<int:request_id>/amend", "LooFF", "/requests/{own_request}/amend"),
    G("/requests/<int:request_id>/amend", "LoNFF", "/requests/{other_request}/amend"),
    P("/requests/<int:request_id>/amend", "L-NFF", "/requests/{other_request}/amend"),
    P("/requests/<int:request_id>/approve", "L--FF", "/requests/{own_request}/approve"),
    P("/requests/<int:request_id>/approve", "L-NFF", "/requests/{other_request}/approve"),
    P("/requests/<int:request_id>/decline", "L--FF", "/requests/{own_request}/decline"),
    P("/requests/<int:request_id>/decline", "L-NFF", "/requests/{other_request}/decline"),
    G("/templates", "LooFF"),
    G("/templates/new", "LooFF"),
    P("/templates/new", "L--FF"),
    G("/templates/<int:template_id>/edit", "LooFF", "/templates/{template}/edit"),
    P("/templates/<int:template_id>/edit", "L--FF", "/templates/{template}/edit"),
    # Reviewers: coordinators; a reviewer their own record, availability and conflicts.
    G("/reviewers/", "LooFF"),
    G("/reviewers/me", "LFFFo"),
    G("/reviewers/new", "LooFF"),
    P("/reviewers/new", "L--FF"),
    G("/reviewers/<reference>", "LooFo", R),
    G("/reviewers/<reference>", "LooFN", Q),
    G("/reviewers/<reference>", "LNNFN", "/reviewers/NO-SUCH-REF"),
    G("/reviewers/<reference>/independence", "LooFo", R + "/independence"),
    G("/reviewers/<reference>/independence", "LooFN", Q + "/independence"),
    G("/reviewers/<reference>/edit", "LooFF", Q + "/edit"),
    P("/reviewers/<reference>/edit", "L--FF", R + "/edit"),
    G("/reviewers/<reference>/retire", "LooFF", Q + "/retire"),
    P("/reviewers/<reference>/retire", "L--FF", R + "/retire"),
    P("/reviewers/<reference>/reinstate", "L--FF", R + "/reinstate"),
    G("/reviewers/<reference>/unavailable/new", "LooFo", R + "/unavailable/new"),
    G("/reviewers/<reference>/unavailable/new", "LooFN", Q + "/unavailable/new"),
    P("/reviewers/<reference>/unavailable/new", "L--FN", Q + "/unavailable/new"),
    P(
        "/reviewers/<reference>/unavailable/<int:item_id>/remove",
        "L--FN",
        Q + "/unavailable/{other_unavailable}/remove",
    ),
    P(
        "/reviewers/<reference>/unavailable/<int:item_id>/remove",
        "L--FN",
        R + "/unavailable/{other_unavailable}/remove",
    ),
    G("/reviewers/<reference>/employers/new", "LooFF", R + "/employers/new"),
    P("/reviewers/<reference>/employers/new", "L--FF", R + "/employers/new"),
    P(
        "/reviewers/<reference>/employers/<int:item_id>/remove",
        "L--FF",
        R + "/employers/{own_employer}/remove",
    ),
    G("/reviewers/<reference>/conflicts/new", "LooFo", R + "/conflicts/new"),
    G("/reviewers/<reference>/conflicts/new", "LooFN", Q + "/conflicts/new"),
    P("/reviewers/<reference>/conflicts/new", "L--FN", Q + "/conflicts/new"),
    P(
        "/reviewers/<reference>/conflicts/<int:item_id>/confirm",
        "L--FF",
        R + "/conflicts/{own_conflict}/confirm",
    ),
    P(
        "/reviewers/<reference>/conflicts/<int:item_id>/remove",
        "L--FN",
        Q + "/conflicts/{other_conflict}/remove",
    ),
    P(
        "/reviewers/<reference>/conflicts/<int:item_id>/remove",
        "L--FN",
        R + "/conflicts/{other_conflict}/remove",
    ),
    G("/reviewers/export.csv", "LooFF"),
    G("/reviewers/export.xlsx", "LooFF"),
    G("/reviewers/import/template.csv", "LooFF"),
    G("/reviewers/import", "LooFF"),
    P("/reviewers/import", "L--FF"),
    # The rota: coordinators read; the national coordinator plans and publishes.
    G("/rota/", "LooFF"),
    G("/rota/solve", "LoFFF"),
    P("/rota/solve", "L-FFF"),
    G("/rota/<int:rota_id>", "LooFF", "/rota/{rota}"),
    P("/rota/<int:rota_id>/publish", "L-FFF", "/rota/{rota}/publish"),
    G("/rota/<int:rota_id>/replan", "LoFFF", "/rota/{rota}/replan"),
    P("/rota/<int:rota_id>/replan", "L-FFF", "/rota/{rota}/replan"),
    G("/rota/compare", "LoFFF", "/rota/compare?a={run}&b={run}"),
    G("/rota/runs/<int:run_id>", "LooFF", "/rota/runs/{run}"),
    G("/rota/runs/<int:run_id>/progress.json", "LooFF", "/rota/runs/{run}/progress.json"),
    P("/rota/runs/<int:run_id>/cancel", "L-FFF", "/rota/runs/{run}/cancel"),
    P("/rota/runs/<int:run_id>/accept", "L-FFF", "/rota/runs/{run}/accept"),
    P("/rota/runs/<int:run_id>/publish", "L-FFF", "/rota/runs/{run}/publish"),
    G(RV, "LooFF", "/rota/reviews/{own_review}"),
    # A regional coordinator sees only their own region's reviews and escalations.
    G(RV, "LoNFF", "/rota/reviews/{other_review}"),
    P(f"{RV}/members", "L-FFF", "/rota/reviews/{own_review}/members"),
    P(
        f"{RV}/members/<int:member_id>/swap",
        "L-FFF",
        "/rota/reviews/{own_review}/members/{own_member}/swap",
    ),
    P(
        f"{RV}/members/<int:member_id>/withdraw",
        "L-FFF",
        "/rota/reviews/{own_review}/members/{own_member}/withdraw",
    ),
    P(f"{RV}/dates", "L-FFF", "/rota/reviews/{own_review}/dates"),
    P(f"{RV}/pin", "L-FFF", "/rota/reviews/{own_review}/pin"),
    # Outcomes and escalations: coordinators, and reviewers on the review's team only.
    G(f"{RV}/outcome", "LooFN", "/rota/reviews/{own_review}/outcome"),
    G(f"{RV}/outcome", "LoNFN", "/rota/reviews/{other_review}/outcome"),
    P(f"{RV}/outcome", "L-NFN", "/rota/reviews/{other_review}/outcome"),
    P(f"{RV}/escalate", "L--FN", "/rota/reviews/{other_review}/escalate"),
    G("/rota/escalations", "LooFF"),
    G("/rota/escalations/<int:escalation_id>", "LooFF", "/rota/escalations/{own_escalation}"),
    G("/rota/escalations/<int:escalation_id>", "LoNFF", "/rota/escalations/{escalation}"),
    P("/rota/escalations/<int:escalation_id>", "L--FF", "/rota/escalations/{own_escalation}"),
    # Invitations: answered through a secret link alone (a guessed one is 404 for everyone);
    # coordinators chase the unanswered; the outbox (embedded mode's mail) is national only.
    G("/invitations/respond/<token>", "NNNNN", "/invitations/respond/guessed-token"),
    P("/invitations/respond/<token>", "NNNNN", "/invitations/respond/guessed-token"),
    G("/invitations/waiting", "LooFF"),
    P("/invitations/remind", "L--FF"),
    P("/invitations/send", "L-FFF"),
    P("/invitations/<int:invitation_id>/yes", "L-FFF", "/invitations/999999/yes"),
    G("/outbox", "LoFFF"),
    G("/outbox/<name>", "LNFFF", "/outbox/not-a-message.eml"),
    # The audit trail: national coordinators.
    G("/audit", "LoFFF"),
]

#: Routes no role list applies to.
UNCLASSIFIED_OK = {("/static/<path:filename>", "GET")}


def _routes(app) -> set[tuple[str, str]]:
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_classified(app):
    covered = {(case.rule, case.method) for case in CASES} | UNCLASSIFIED_OK
    missing = sorted(_routes(app) - covered)
    assert not missing, f"add these routes to CASES in {__file__}: {missing}"
    stale = sorted(covered - _routes(app))
    assert not stale, f"these CASES name routes that no longer exist: {stale}"


#: Columns that reading legitimately writes: a token notes when it was last used, and that
#: write, like any other, replaces the change stamp (peerreview.freshness).
READ_WRITES = {
    ("feed_token", "last_used"), ("api_token", "last_used"), ("change_stamp", "stamp"),
}


def _snapshot() -> dict[str, str]:
    """A digest of every row of every table: refused requests must leave them unchanged."""
    digests = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in READ_WRITES]
        rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        digests[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def _outcome(response) -> str:
    if response.status_code == 302 and "/login" in response.location:
        return "L"
    if response.status_code < 400:
        return "o"
    return {401: "U", 403: "F", 404: "N"}.get(response.status_code, str(response.status_code))


def test_every_route_allows_and_refuses_the_right_roles(app):
    ids = build_world().ids
    db.session.commit()
    before = _snapshot()
    failures = []
    for index, (role, who) in enumerate(ROLES.items()):
        client = app.test_client()
        # The tests share one app context; make every request load its own user.
        g.pop("_login_user", None)
        if who:
            sign_in(client, *who)
        for case in CASES:
            expected = case.expect[index]
            if expected == "-":
                continue
            g.pop("_login_user", None)
            url = case.url.format(**ids)
            response = client.get(url) if case.method == "GET" else client.post(url, data={})
            got = _outcome(response)
            if got != expected:
                failures.append(f"{role:9} {case.method} {url}: expected {expected}, got {got}")
            db.session.rollback()
    assert not failures, "\n".join(failures)
    after = _snapshot()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"a refused request changed these tables: {changed}"
