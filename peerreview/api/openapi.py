"""The OpenAPI 3.1 description of `/api/v1`, written by hand so it reads as documentation.

Tests validate it with openapi-spec-validator, call every path in it, and check each
response against its schema, so it cannot drift from the views.
"""

from __future__ import annotations

from typing import Any

from peerreview.calendar.services import CALENDAR_STATUSES, region_slug
from peerreview.reference import vocabulary

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NULLABLE_STRING = {"type": ["string", "null"]}
URI = {"type": "string", "format": "uri"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1, "maximum": 200},
            "offset": {"type": "integer", "minimum": 0},
        },
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema)}},
    }


PAGING = [
    {"$ref": "#/components/parameters/limit"},
    {"$ref": "#/components/parameters/offset"},
]

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    },
    "CouncilRef": {
        "type": "object",
        "required": ["gss_code", "name", "region"],
        "properties": {
            "gss_code": {"type": "string", "pattern": "^E[0-9]{8}$"},
            "name": {"type": "string"},
            "region": {"type": "string", "enum": list(vocabulary.REGIONS)},
        },
    },
    "Council": {
        "type": "object",
        "description": "A council with children's services, from the public register.",
        "required": ["gss_code", "name", "slug", "region", "current", "links"],
        "properties": {
            "gss_code": {"type": "string", "pattern": "^E[0-9]{8}$"},
            "dfe_code": NULLABLE_STRING,
            "ofsted_urn": NULLABLE_STRING,
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "region": {"type": "string", "enum": list(vocabulary.REGIONS)},
            "type": {"type": ["string", "null"], "enum": [*vocabulary.COUNCIL_TYPES, None]},
            "website": NULLABLE_STRING,
            "population_0_25": {"type": ["integer", "null"]},
            "valid_from": NULLABLE_DATE,
            "valid_to": NULLABLE_DATE,
            "replaced_by": NULLABLE_STRING,
            "current": {"type": "boolean"},
            "latest_judgement": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["judgement", "inspected"],
                        "properties": {
                            "judgement": {"type": "string", "enum": list(vocabulary.JUDGEMENTS)},
                            "inspected": DATE,
                        },
                    },
                ]
            },
            "links": {
                "type": "object",
                "required": ["self", "html", "calendar", "ics"],
                "properties": {"self": URI, "html": URI, "calendar": URI, "ics": URI},
            },
        },
    },
    "OfstedEvent": {
        "type": "object",
        "required": ["kind", "start_date"],
        "properties": {
            "kind": {"type": "string"},
            "framework": NULLABLE_STRING,
            "inspection_type": NULLABLE_STRING,
            "start_date": DATE,
            "end_date": NULLABLE_DATE,
            "published": NULLABLE_DATE,
            "overall": NULLABLE_STRING,
            "leaders": NULLABLE_STRING,
            "help_protection": NULLABLE_STRING,
            "in_care": NULLABLE_STRING,
            "care_leavers": NULLABLE_STRING,
            "report_url": NULLABLE_STRING,
        },
    },
    "CouncilDetail": {
        "allOf": [
            _ref("Council"),
            {
                "type": "object",
                "required": ["ofsted_history", "reviews"],
                "properties": {
                    "ofsted_history": {"type": "array", "items": _ref("OfstedEvent")},
                    "reviews": {"type": "array", "items": _ref("Review")},
                },
            },
        ]
    },
    "TeamMember": {
        "type": "object",
        "description": "Personal data: present only for callers who may see the team.",
        "required": ["name", "email", "role", "lead", "home_council"],
        "properties": {
            "name": {"type": "string"},
            "email": {"type": "string"},
            "role": {"type": "string", "enum": list(vocabulary.ROLES)},
            "lead": {"type": "boolean"},
            "home_council": {"type": "string"},
        },
    },
    "Review": {
        "type": "object",
        "description": "A review on the published calendar. `team` appears only for "
        "coordinators of its region (or national) and its own team members.",
        "required": ["id", "uid", "sequence", "council", "kind", "status", "ical_status",
                     "start_date", "end_date", "days", "focus", "links"],
        "properties": {
            "id": {"type": "integer"},
            "uid": {"type": "string", "description": "Stable iCalendar UID"},
            "sequence": {"type": "integer", "minimum": 0,
                         "description": "iCalendar SEQUENCE; rises on every material change"},
            "council": _ref("CouncilRef"),
            "kind": {"type": "string"},
            "status": {"type": "string", "enum": list(CALENDAR_STATUSES)},
            "ical_status": {"type": "string", "enum": ["TENTATIVE", "CONFIRMED", "CANCELLED"]},
            "start_date": DATE,
            "end_date": {**DATE, "description": "Last day on site (inclusive)"},
            "days": {"type": "integer"},
            "focus": {"type": "array", "items": {"type": "string"}},
            "updated_at": {"type": ["string", "null"], "format": "date-time"},
            "team": {"type": "array", "items": _ref("TeamMember")},
            "links": {
                "type": "object",
                "required": ["ics", "council"],
                "properties": {"ics": URI, "council": URI},
            },
        },
    },
    "Reviewer": {
        "type": "object",
        "description": "Personal data: coordinators only.",
        "required": ["reference", "name", "email", "role", "active", "home_council",
                     "expertise"],
        "properties": {
            "reference": {"type": "string"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "role": {"type": "string", "enum": list(vocabulary.ROLES)},
            "active": {"type": "boolean"},
            "max_reviews": {"type": ["integer", "null"]},
            "max_days": {"type": ["integer", "null"]},
            "home_council": _ref("CouncilRef"),
            "expertise": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["area", "level"],
                    "properties": {
                        "area": {"type": "string"},
                        "level": {"type": "integer", "minimum": 1, "maximum": 3},
                    },
                },
            },
        },
    },
    "CouncilPage": _page_of("Council"),
    "ReviewPage": _page_of("Review"),
    "ReviewerPage": _page_of("Reviewer"),
}

REGION_PARAMETER = {
    "name": "region",
    "in": "query",
    "required": False,
    "description": "One of the nine English regions, by name or slug (north-west).",
    # Listed, so that clients (and schemathesis) know anything else is refused with a 400.
    "schema": {
        "type": "string",
        "enum": [*vocabulary.REGIONS, *(region_slug(name) for name in vocabulary.REGIONS)],
    },
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Children's services peer review API",
            "version": "1.0.0",
            "summary": "Read-only access to the register of councils and the published "
            "calendar of peer reviews.",
            "description": "Public data (councils, Ofsted history, published reviews) needs "
            "no authentication. Personal data (reviewers, review teams) needs a "
            "coordinator's session or a personal API token sent as "
            "`Authorization: Bearer <token>`; coordinators make tokens at /api/tokens. "
            "Lists are paged with `limit` (1 to 200, default 50) and `offset`.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "parameters": {
                "limit": {
                    "name": "limit", "in": "query", "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                },
                "offset": {
                    "name": "offset", "in": "query", "required": False,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 100000,
                               "default": 0},
                },
            },
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer",
                                "description": "A personal API token from /api/tokens"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "A signed-in browser session"},
            },
        },
        "paths": {
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI description",
                                          "content": {"application/json": {
                                              "schema": {"type": "object"}}}}},
                }
            },
            "/councils": {
                "get": {
                    "operationId": "listCouncils",
                    "summary": "Councils in the register, current and abolished, by name",
                    "security": [],
                    "parameters": [*PAGING, REGION_PARAMETER],
                    "responses": {
                        "200": _ok("A page of councils", "CouncilPage"),
                        "400": _error("A parameter is out of range"),
                    },
                }
            },
            "/councils/{code}": {
                "get": {
                    "operationId": "getCouncil",
                    "summary": "A council with its Ofsted history and published reviews",
                    "security": [],
                    "parameters": [{
                        "name": "code", "in": "path", "required": True,
                        "description": "GSS code (E08000005) or slug (rochdale)",
                        "schema": {"type": "string"},
                    }],
                    "responses": {
                        "200": _ok("The council", "CouncilDetail"),
                        "404": _error("No such council"),
                    },
                }
            },
            "/reviews": {
                "get": {
                    "operationId": "listReviews",
                    "summary": "Reviews on the published calendar, oldest first",
                    "security": [{}, {"bearerToken": []}, {"session": []}],
                    "parameters": [
                        *PAGING,
                        REGION_PARAMETER,
                        {"name": "council", "in": "query", "required": False,
                         "description": "GSS code or slug", "schema": {"type": "string"}},
                        {"name": "year", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}},
                        {"name": "status", "in": "query", "required": False,
                         "schema": {"type": "string", "enum": list(CALENDAR_STATUSES)}},
                    ],
                    "responses": {
                        "200": _ok("A page of reviews", "ReviewPage"),
                        "400": _error("A parameter is not valid"),
                        "401": _error("The bearer token is not valid or has been revoked"),
                    },
                }
            },
            "/reviewers": {
                "get": {
                    "operationId": "listReviewers",
                    "summary": "The reviewer pool (coordinators only; a regional coordinator "
                    "sees reviewers from their region)",
                    "security": [{"bearerToken": []}, {"session": []}],
                    "parameters": [
                        *PAGING,
                        REGION_PARAMETER,
                        {"name": "active", "in": "query", "required": False,
                         "schema": {"type": "string", "enum": ["true", "false"]}},
                    ],
                    "responses": {
                        "200": _ok("A page of reviewers", "ReviewerPage"),
                        "400": _error("A parameter is not valid"),
                        "401": _error("No session or token, or the token is not valid"),
                        "403": _error("The caller is not a coordinator"),
                    },
                }
            },
        },
    }
