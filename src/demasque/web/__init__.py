"""The web page and HTTP API of demasque (FastAPI). `create_app()` builds it; `demasque serve` runs it."""
from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
