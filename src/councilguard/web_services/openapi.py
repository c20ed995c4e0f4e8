"""The OpenAPI 3 document of the JSON API, written by hand from the checker's contract
(``shared/spec/checker-contract.md``) and the enums in ``checker.draft``, so the two
cannot drift apart on the values a field accepts."""

from __future__ import annotations

from typing import Any

from ..checker.draft import ACCOUNTS, CHANNELS, MAX_TEXT_CHARS, PLATFORMS
from ..checker.vocabulary import SEVERITY_TERMS, VERDICT_TERMS


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _enum(terms: dict[str, Any], what: str) -> dict[str, Any]:
    """An enum whose description gives each value the words the pages and the CLI use."""
    meanings = "; ".join(f"`{t.value}` ({t.label}): {t.sentence}" for t in terms.values())
    return {"type": "string", "enum": list(terms), "description": f"{what}. {meanings}"}


def _strings(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "description": description}


def openapi_document(
    *,
    max_check_bytes: int,
    max_batch_bytes: int,
    max_batch_drafts: int,
    rate: str,
    server_url: str = "/",
) -> dict[str, Any]:
    errors = {
        "400": _error("The body is not valid JSON or a draft field is wrong; `field` names it."),
        "401": _error("No session and no valid `Authorization: Bearer` token."),
        "403": _error("Signed in, but not allowed to use the API (or a session POST without its CSRF token)."),
        "405": _error("Only POST is allowed."),
        "413": _error("The body is larger than the limit, or the batch has too many drafts."),
        "415": _error("The body must be `application/json`."),
        "429": _error(f"Too many requests ({rate} per member); `Retry-After` says when to try again."),
    }
    draft = {
        "type": "object",
        "required": ["text"],
        "additionalProperties": True,
        "description": "A draft e-mail or post and its context. "
        "Unknown fields are kept and ignored. "
        "When a field of context is left out, the API fills it from the register for the "
        "token's member: `sent_at` (now), `author`, `committees`, "
        "`meetings_attending` (at `sent_at`), "
        "`pre_election`, `bio` (social) and `sender` (council e-mail). A field that is given, "
        "even empty, is used as given.",
        "properties": {
            "id": {
                "type": ["string", "integer"],
                "description": "Caller's id, echoed back (a number as a string; true or false is refused).",
            },
            "text": {
                "type": "string",
                "minLength": 1,
                "pattern": "\\S",
                "maxLength": MAX_TEXT_CHARS,
                "description": "The body.",
            },
            "subject": {"type": "string"},
            "channel": {"type": "string", "enum": list(CHANNELS), "default": "social"},
            "account": {
                "type": "string",
                "enum": list(ACCOUNTS),
                "description": "Default `personal` for social, `council` for e-mail.",
            },
            "platform": {"type": "string", "enum": list(PLATFORMS), "description": "Social only."},
            "sender": {"type": "string", "description": "E-mail address it is sent from."},
            "recipients": {
                "type": "object",
                "properties": {
                    "to": _strings("To addresses."),
                    "cc": _strings("Cc addresses."),
                    "bcc": _strings("Bcc addresses."),
                },
            },
            "reply_all": {"type": "boolean"},
            "forwarded": {"type": "boolean"},
            "attachments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "content_type": {"type": "string"},
                        "size": {"type": "integer", "minimum": 0},
                        "source": {"type": "string"},
                    },
                },
            },
            "images": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["source"],
                    "properties": {
                        "source": {"type": "string", "minLength": 1, "description": "A URL or `upload:FILENAME`."},
                        "credit": {"type": "string"},
                    },
                },
            },
            "sent_at": {"type": "string", "format": "date-time", "description": "Default: now."},
            "author": {"type": "string", "description": "The member's id in the register."},
            "bio": {
                "type": "string",
                "description": "Profile bio of the account it is posted from.",
            },
            "meetings_attending": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["start", "end"],
                    "properties": {
                        "name": {"type": "string"},
                        "start": {"type": "string", "format": "date-time"},
                        "end": {"type": "string", "format": "date-time"},
                    },
                },
            },
            "committees": _strings("Committees the author sits on."),
            "pre_election": {
                "type": ["boolean", "null"],
                "description": "`sent_at` falls in a pre-election period; null (or left out): worked out "
                "from the configured election dates.",
            },
        },
    }
    span = {
        "type": "object",
        "required": ["start", "end", "text"],
        "description": "Indexes into `text` by Unicode code point, end exclusive.",
        "properties": {
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "text": {"type": "string"},
        },
    }
    finding = {
        "type": "object",
        "required": ["rule", "severity", "clauses", "message", "suggestion", "spans", "confidence"],
        "properties": {
            "rule": {"type": "string", "description": "Rule id, e.g. `party-political-use`."},
            "severity": _enum(SEVERITY_TERMS, "How serious the finding is"),
            "clauses": _strings("Ids of the protocol clauses the finding cites."),
            "message": {"type": "string"},
            "suggestion": {"type": "string"},
            "spans": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "evidence": {"type": "object", "description": "What the detector saw (optional)."},
            "version": {"type": "string", "description": "The protocol version the finding applies."},
            "adopted_by": {"type": "string", "description": "The decision that adopted that version."},
        },
    }
    result = {
        "type": "object",
        "required": ["id", "protocol"],
        "description": "A Result; in a batch, a draft that could not be checked has `error` "
        "instead of `verdict` and `findings`.",
        "properties": {
            "id": {"type": ["string", "null"]},
            "verdict": _enum(VERDICT_TERMS, "What to do with the draft"),
            "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
            "protocol": {"type": "string", "description": "The protocol pack in force."},
            "version": {
                "type": "string",
                "description": "The protocol version in force when the draft was (or will be) sent.",
            },
            "adopted_by": {"type": "string", "description": "The decision that adopted that version."},
            "error": {
                "type": "string",
                "description": "Batch only: why this draft was not checked.",
            },
            "notes": _strings(
                "How the draft was checked, when the reader must know (the time budget spent and "
                "the rules left unchecked); absent when there is nothing to say."
            ),
        },
    }
    error = {
        "type": "object",
        "required": ["error", "status"],
        "properties": {
            "error": {"type": "string", "description": "What is wrong, in words."},
            "status": {"type": "integer"},
            "field": {"type": "string", "description": "The draft field at fault (400 only)."},
        },
    }
    security: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"sessionAuth": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CouncilGuard API",
            "version": "1",
            "description": "Check councillors' draft e-mails and posts "
            "against the protocol in force. "
            "Drafts are checked and forgotten: the API stores only rule ids, verdicts, channel and "
            "date for statistics. Create a personal token on the 'API tokens' page.",
        },
        "servers": [{"url": server_url}],
        "security": security,
        "paths": {
            "/api/v1/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Check one draft",
                    "requestBody": {
                        "required": True,
                        "description": f"At most {max_check_bytes:,} bytes.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Draft"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "The draft was checked.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}},
                        },
                        **errors,
                    },
                }
            },
            "/api/v1/check/batch": {
                "post": {
                    "operationId": "checkBatch",
                    "summary": "Check many drafts",
                    "description": "One Result per draft, in input order. "
                    "A draft that is not valid "
                    "gets a Result with `error`; the others are checked.",
                    "requestBody": {
                        "required": True,
                        "description": (f"At most {max_batch_bytes:,} bytes and {max_batch_drafts} drafts."),
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["drafts"],
                                    "properties": {
                                        "drafts": {
                                            "type": "array",
                                            "maxItems": max_batch_drafts,
                                            "items": {"$ref": "#/components/schemas/Draft"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Every draft was looked at.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["results"],
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Result"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        **errors,
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
        },
        "components": {
            "schemas": {
                "Draft": draft,
                "Result": result,
                "Finding": finding,
                "Span": span,
                "Error": error,
            },
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token.",
                },
                "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
        },
    }
