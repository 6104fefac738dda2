"""The detectors a rule may name (`detector: link_lookalike`), registered by a decorator where they
are written, each with the params it accepts:

    @detector("link_trick", tricks=Required[list[str]])
    def link_trick(f, params): ...

A rule naming an unknown detector, or giving it a param it does not take, stops loading
(rules/schema.py). Which modules hold detectors is said once, in rules/loader.py: nothing scans
module names."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from pydantic import ConfigDict, TypeAdapter

DETECTORS: dict[str, Callable] = {}
_PARAMS: dict[str, TypeAdapter] = {}
_NAMES: dict[str, tuple[str, ...]] = {}


def detector(name: str, **params: Any) -> Callable[[Callable], Callable]:
    """Register `fn` as the detector `name`; `params` maps each param it reads to its type
    (wrap it in typing.Required when the detector cannot work without it)."""
    def register(fn: Callable) -> Callable:
        if name in DETECTORS and DETECTORS[name] is not fn:
            raise ValueError(f"detector {name!r} registered twice")
        shape = TypedDict(f"{name}_params", params, total=False)   # type: ignore[misc]
        shape.__pydantic_config__ = ConfigDict(extra="forbid")      # type: ignore[attr-defined]
        DETECTORS[name] = fn
        _PARAMS[name] = TypeAdapter(shape)
        _NAMES[name] = tuple(params)
        return fn
    return register


def get(name: str) -> Callable | None:
    return DETECTORS.get(name)


def params_adapter(name: str) -> TypeAdapter | None:
    """Validates a rule's `params` for the detector `name` (a plain dict comes out)."""
    return _PARAMS.get(name)


def param_names(name: str) -> tuple[str, ...]:
    return _NAMES.get(name, ())
