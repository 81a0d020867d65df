"""Schemathesis against our own OpenAPI description: generated requests (valid and not) to
every operation, anonymous and with a coordinator's token, must never get a 5xx, and every
response must conform to the description (status, content type, schema).

Schemathesis' pytest plugin does not mix with our parametrised database fixtures, so each
operation's hypothesis strategy is run directly, bounded by `max_examples`."""

from __future__ import annotations

import schemathesis
from flask import g
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from peerreview.extensions import db
from peerreview.models import ApiToken
from peerreview.models.tokens import hash_token

TOKEN = "schemathesis-token-" + "y" * 40
#: Filters name councils by GSS code or slug: a well-formed but unknown one is rightly a 400,
#: which this check would call "valid data rejected". Every other check stays on.
EXCLUDED = [positive_data_acceptance]
EXAMPLES = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


def test_api_conforms_to_its_description_and_never_fails(app):
    db.session.add(ApiToken(user_id=1, name="schemathesis", token_hash=hash_token(TOKEN)))
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4

    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def run(case):
            g.pop("_login_user", None)
            case.call_and_validate(excluded_checks=EXCLUDED)
            g.pop("_login_user", None)
            case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=EXCLUDED
            )

        run()
