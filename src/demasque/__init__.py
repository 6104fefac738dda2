"""demasque: unmask scams impersonating Assurance Maladie (ameli, CPAM, Carte Vitale)."""
from .version import __version__  # noqa: E402

from .api import analyze, analyze_eml, analyze_image, analyze_record, analyze_text  # noqa: E402
from .message import Message  # noqa: E402
from .report import Report  # noqa: E402

__all__ = ["__version__", "analyze", "analyze_eml", "analyze_image", "analyze_record", "analyze_text", "Message", "Report"]
