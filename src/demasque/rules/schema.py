"""The shape of a rule file entry (rules/data/*.yaml, $DEMASQUE_RULES), checked when the rules
load: a key that is not known (`not_warnin: true`), a missing text, a weight out of range, a
detector that does not exist or a param it does not take, a pattern that does not compile or
could take super-linear time on hostile text: each stops loading with the file and the rule id
(rules/loader.py). The matching itself is in rules/engine.py."""
from __future__ import annotations

import re
from typing import Any, Literal

from typing_extensions import Required, TypedDict  # pydantic needs them on Python < 3.12

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from ..datafile import describe
from ..profile_schema import LangText
from . import redos, registry

SOFT_CATEGORIES = ("lure", "urgency")
CATEGORIES = ("sender", "link", "data_request", "payment", "lure", "urgency", "phone", "attachment",
              "formatting", "authentication")
Category = Literal["sender", "link", "data_request", "payment", "lure", "urgency", "phone", "attachment",
                   "formatting", "authentication"]
CHANNELS = ("sms", "email", "text", "call")
MESSAGE_CHANNELS = ("sms", "email", "text")   # a rule with no `channels:` reads messages, not calls

# {brand}, {official_site}, {phone}...: filled from the profile picked for the message (wording.py)
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


# `with` is a Python keyword: the functional form
PatternSpec = TypedDict("PatternSpec", {
    "any": Required[list[str]],        # the words (regular expressions on the normalised text)
    "near": list[str],                 # ... in a sentence that also holds one of these
    "unless": list[str],               # ... and none of these
    "with": list[str],                 # each must occur somewhere in the message
    "claim": bool,                     # only in a message that speaks as the brand
    "field": Literal["text", "subject", "red_text", "form_fields", "display_name"],
    "official_place_ok": bool,         # not when the sentence sends the reader to an official place
    "request": bool,                   # only a sentence that asks for the words (rules/speech.py)
    "not_warning": bool,               # not a sentence that warns about them, denies them or reports them
}, total=False)
PatternSpec.__pydantic_config__ = ConfigDict(extra="forbid")   # type: ignore[attr-defined]


class Examples(TypedDict):
    """Messages (a text, or a batch record) the rule must and must not fire on (tests run them)."""
    __pydantic_config__ = ConfigDict(extra="forbid")   # type: ignore[misc]
    match: list[str | dict[str, Any]]
    no_match: list[str | dict[str, Any]]


class Reference(BaseModel):
    """The clue of the guidance a rule encodes, and the public pages that say it: keys of the
    `sources` table of the profile (or of the shared one, data/shared.yaml)."""
    model_config = ConfigDict(extra="forbid")
    sources: list[str] = Field(min_length=1)
    clue: str = Field(min_length=1)


def _check_pattern(key: str, pat: str, linear: bool = True) -> None:
    try:
        re.compile(pat)
    except re.error as exc:
        raise ValueError(f"{key} pattern {pat[:60]!r} does not compile: {exc}") from None
    bad = redos.problems(pat) if linear else []
    if bad:   # super-linear on hostile text: refused when the rules load
        raise ValueError(f"{key} pattern {pat[:60]!r}...: {'; '.join(bad)}")


class WithoutClaim(BaseModel):
    """How a rule counts in a message that does not speak for the brand. "The brand never asks for
    your RIB" is a clue only when the message claims to be the brand: an employer, a school or an
    accountant asks for it by right. Without a claim the request counts only beside a link to an
    unknown site that is not the e-mail sender's own (a stranger's form that collects it), with
    this weight, and it is not strong."""
    model_config = ConfigDict(extra="forbid")
    weight: float = Field(gt=0, le=1)
    strong: bool = False
    needs_link: bool = True
    # instead: set aside only where every link goes to the authenticated sender's own site (a
    # portal's "log in with your password" there), counted elsewhere with `weight`
    unless_home: bool = False
    # sentences that are any service's ordinary use of the thing ("connectez-vous avec votre mot
    # de passe"): set aside, unless the message gives one of the `pretext` reasons to act (an
    # account to verify or unlock, a threat, money to collect), the phisher's own words
    ordinary: list[str] = Field(default_factory=list)
    pretext: list[str] = Field(default_factory=list)

    @field_validator("ordinary", "pretext")
    @classmethod
    def _compile_and_stay_linear(cls, pats, info: ValidationInfo):
        if (info.context or {}).get("shipped"):
            return pats   # checked by the test suite (tests/test_hardening.py)
        for pat in pats:
            _check_pattern(info.field_name, pat)
        return pats


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$")
    category: Category
    weight: float = Field(gt=0, le=1)
    title: LangText
    explanation: LangText
    reference: list[Reference] = Field(min_length=1)
    detector: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    pattern: PatternSpec | None = None
    examples: Examples
    strong: bool = False
    soft: bool | None = None           # true of genuine messages too (default: lure and urgency rules)
    # only with a link to a site that is neither the brand's nor the State's; "away": nor, in a
    # message not speaking for the brand, the site of an e-mail sender that proves its domain and
    # whose domain is the name it speaks under (its bill paid on its own site)
    needs_link: bool | Literal["away", "away_known"] = False
    never: bool = False                # the guidance says the brand never does this
    brands: list[str] | None = None    # the profiles whose guidance this rule encodes (all when absent)
    channels: list[Literal["sms", "email", "text", "call"]] | None = None   # the channels it reads (default: sms, email, text)
    without_claim: WithoutClaim | None = None   # how it counts in a message that does not speak for the brand

    @field_validator("reference", mode="before")
    @classmethod
    def _one_reference(cls, v):
        return [v] if isinstance(v, dict) else v

    @field_validator("pattern")
    @classmethod
    def _patterns_compile_and_stay_linear(cls, p, info: ValidationInfo):
        if p is None or (info.context or {}).get("shipped"):
            return p   # the shipped rules are checked by the test suite (tests/test_hardening.py), not at each start
        for key in ("any", "near", "unless", "with"):
            for pat in p.get(key) or []:
                _check_pattern(key, pat, linear=key != "with")
        return p

    @model_validator(mode="after")
    def _detector_or_pattern(self):
        if bool(self.detector) == bool(self.pattern):
            raise ValueError("give exactly one of detector / pattern")
        if self.detector:
            adapter = registry.params_adapter(self.detector)
            if adapter is None:
                known = ", ".join(sorted(registry.DETECTORS)) or "none registered"
                raise ValueError(f"unknown detector {self.detector!r} (known: {known})")
            try:
                self.params = adapter.validate_python(self.params)
            except ValidationError as exc:
                takes = ", ".join(registry.param_names(self.detector)) or "no params"
                raise ValueError(f"{describe(exc, prefix='params')} (detector {self.detector} takes: {takes})") from None
        elif self.params:
            raise ValueError("params are for a detector; a pattern rule has none")
        return self

    @property
    def is_soft(self) -> bool:
        return self.category in SOFT_CATEGORIES if self.soft is None else bool(self.soft)

    def placeholders(self) -> set[str]:
        """The profile facts its texts quote ({brand}, {phone}...)."""
        return {m for texts in (self.title, self.explanation) for s in texts.values() for m in PLACEHOLDER.findall(s)}

    def source_keys(self) -> list[str]:
        return list(dict.fromkeys(k for r in self.reference for k in r.sources))

    def applies_to(self, profile_id: str) -> bool:
        return self.brands is None or profile_id in self.brands

    def reads(self, channel: str) -> bool:
        return channel in (self.channels or MESSAGE_CHANNELS)
