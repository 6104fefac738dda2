"""Property-based run of schemathesis against the app's own OpenAPI description: whatever is sent,
never a 5xx, documented status codes and content types, and reports that match the JSON Schema."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from demasque.web import Settings, create_app

@schemathesis.serializer("message/rfc822")
def _rfc822(ctx, value):
    """Raw e-mail bodies: bytes as generated (strings encoded as UTF-8)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return str(value).encode("utf-8", errors="surrogatepass") if value is not None else b""


app = create_app(Settings(rate_per_minute=0))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_a_5xx(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])
