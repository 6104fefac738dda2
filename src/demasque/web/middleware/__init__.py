"""What every request goes through before the app reads anything, one ASGI middleware per concern,
from the outside in:

    SecurityHeaders -> AccessLog -> RateLimit -> BodyLimit -> the app

so that the answers the inner ones make themselves (500, 429, 413, 408) still get the security
headers and a log line. `install(app, settings)` adds them in that order."""
from __future__ import annotations

from .access_log import AccessLog, quiet_third_party_logs
from .body_limit import BodyLimit
from .rate_limit import RateLimit, buckets_for
from .security_headers import CSP, SecurityHeaders

__all__ = ["AccessLog", "BodyLimit", "CSP", "RateLimit", "SecurityHeaders", "install", "quiet_third_party_logs"]


def install(app, s, small_paths: tuple[str, ...], path_limits: dict[str, int]) -> None:
    # Starlette puts the last one added outermost
    app.add_middleware(BodyLimit, body_limit=s.body_limit, small_body_limit=s.small_body_limit, small_paths=small_paths,
                       path_limits=path_limits, read_timeout=s.read_timeout)
    app.add_middleware(RateLimit, buckets=buckets_for(s.rate_per_minute, s.burst, s.rate_store))
    app.add_middleware(AccessLog)
    app.add_middleware(SecurityHeaders)
    quiet_third_party_logs()
