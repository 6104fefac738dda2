"""demasque: unmask scams impersonating Assurance Maladie (ameli, CPAM, Carte Vitale).

The names below are imported when first used (PEP 562): `demasque --help` or `demasque number`
do not pay for loading the whole analysis."""
from .version import __version__

_LAZY = {"analyze": "api", "analyze_eml": "api", "analyze_image": "api", "analyze_record": "api",
         "analyze_text": "api", "Message": "message", "Report": "report"}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'demasque' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
