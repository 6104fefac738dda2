"""Loading the rules: the shipped files (rules/data/*.yaml), then those of the folders named by
$DEMASQUE_RULES (a local rule set beside $DEMASQUE_PROFILES), each entry checked against its
schema (rules/schema.py) and against every profile (the facts its texts quote and the sources it
cites). Any mistake stops loading with the file and the rule id: a rule switched off by a typo
would otherwise go unnoticed."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from ..datafile import data_dirs, describe, read_yaml
from ..errors import RuleError
from ..profile import load_profiles, placeholders_of, resolve_keys
# The modules that hold detectors: importing them registers them (rules/registry.py).
from . import detectors, detectors_calls  # noqa: F401
from .engine import Rule, run_rules as _run_rules


def read_rule_file(path: Path, shipped: bool = False) -> list[Rule]:
    """The rules of one file. A local file's patterns are compiled and checked for super-linear
    shapes as it loads; the shipped ones were checked by the test suite."""
    entries = read_yaml(path, RuleError, list, "a rule file is a list of rules (- id: ...)")
    out = []
    for i, entry in enumerate(entries, 1):
        rid = entry.get("id") if isinstance(entry, dict) else None
        label = f"rule {rid}" if rid else f"entry {i}"
        if not isinstance(entry, dict):
            raise RuleError(f"{path}: {label}: a rule is a mapping of keys (id, category, ...)")
        try:
            out.append(Rule.model_validate(entry, context={"shipped": shipped}))
        except ValidationError as exc:
            raise RuleError(f"{path}: {label}: {describe(exc)}") from None
    return out


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule, shipped and local, checked (see the module's doc)."""
    rules: list[Rule] = []
    origin: dict[str, str] = {}
    for n, d in enumerate(data_dirs("rules/data", "DEMASQUE_RULES", RuleError)):
        for path in sorted(d.glob("*.yaml"), key=lambda p: p.name):
            for rule in read_rule_file(path, shipped=n == 0):
                if rule.id in origin:
                    raise RuleError(f"{path}: rule {rule.id}: the id is already used in {origin[rule.id]}")
                origin[rule.id] = str(path)
                rules.append(rule)
    check_against_profiles(rules, origin)
    return tuple(rules)


def check_against_profiles(rules, origin: dict[str, str]) -> None:
    """Each rule, for each profile it applies to: every {placeholder} of its texts is a fact the
    profile gives, every source it cites is in the profile's sources (or the profile gives its own
    reference for the rule). A profile's own references and `brands` name existing rules."""
    ids = {r.id for r in rules}
    profiles = load_profiles()
    known_profiles = {p.id for p in profiles}
    for r in rules:
        for b in r.brands or []:
            if b not in known_profiles:
                raise RuleError(f"{origin[r.id]}: rule {r.id}: brands: no profile {b!r} (profiles: {', '.join(sorted(known_profiles))})")
    for p in profiles:
        for rid in p.references:
            if rid not in ids:
                raise RuleError(f"profile {p.id} ({p.path}): references.{rid}: no such rule")
        words = placeholders_of(p)
        for r in rules:
            if not r.applies_to(p.id):
                continue
            missing = sorted(r.placeholders() - words)
            if missing:
                raise RuleError(f"{origin[r.id]}: rule {r.id}: its texts use {', '.join('{' + m + '}' for m in missing)}, "
                                f"which profile {p.id} ({p.path}) does not give (add them to its `words:`)")
            if r.id in p.references:
                continue
            # a clue is shown for a brand when the profile cites all of its pages; one citing some
            # of them only mixes two brands' pages (a typo of a key, most often)
            found = [len(resolve_keys(p, ref.sources)) for ref in r.reference]
            mixed = [ref for ref, n in zip(r.reference, found) if 0 < n < len(ref.sources)]
            if mixed:
                unknown = [k for k in mixed[0].sources if not resolve_keys(p, [k])]
                raise RuleError(f"{origin[r.id]}: rule {r.id}: reference cites {', '.join(unknown)}, not in the sources "
                                f"of profile {p.id} ({p.path}) nor in data/shared.yaml")
            if not any(n == len(ref.sources) for ref, n in zip(r.reference, found)):
                raise RuleError(f"{origin[r.id]}: rule {r.id}: none of its references cites a page of profile {p.id} "
                                f"({p.path}): give it `references: {{{r.id}: ...}}` there, or `brands:` to this rule")


@cache
def rules_for(profile_id: str, channel: str | None = None) -> tuple:
    """The rules that speak for this profile (`brands` absent, or naming it) and read this channel
    (their `channels:` key), as (index in load_rules(), rule) pairs. Without a channel: every
    rule of the profile, as rules."""
    if channel is None:
        return tuple(r for r in load_rules() if r.applies_to(profile_id))
    return tuple((i, r) for i, r in enumerate(load_rules()) if r.applies_to(profile_id) and r.reads(channel))


_SCANNER: list = [None, None]   # (the rules it was built for, the scanner)
# Building the one-pass database takes about 0.2 s: more than a few messages cost without it. A
# run that checks one message never builds it; a batch, the web app and the gateway do (warm()).
SCAN_AFTER = 16
_SEEN = [0]


def scanner():
    """All text rules in one Hyperscan database (rules/scan.py), built again when the rules are
    loaded again (another $DEMASQUE_RULES)."""
    rules = load_rules()
    if _SCANNER[0] is not rules:
        from .scan import Scanner
        _SCANNER[:] = [rules, Scanner(rules)]
    return _SCANNER[1]


def warm() -> None:
    """Everything the rules need, ready before the first message (a server, a batch before it
    forks its workers): the rules loaded, their patterns compiled, the one-pass scan built."""
    for r in load_rules():
        r.compile()
    scanner()


def run_rules(f):
    """Every rule of the message's profile and channel that fires, with its evidence."""
    if _SCANNER[0] is not load_rules():
        _SEEN[0] += 1
        if _SEEN[0] <= SCAN_AFTER:
            return _run_rules(f, rules_for(f.profile.id, f.msg.channel), None)
    return _run_rules(f, rules_for(f.profile.id, f.msg.channel), scanner())
