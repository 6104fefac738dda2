"""Typed data: a rule or a profile with a typo stops loading, with the file and the rule id (or
the key path) in the message; local rules ($DEMASQUE_RULES) and profiles ($DEMASQUE_PROFILES) load
beside the shipped ones; detectors are registered by name, nothing else is looked up."""
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from demasque import analyze_text
from demasque.errors import DataError, DemasqueError, ProfileError, RuleError
from demasque.profile import load_profiles, read_profile, shared
from demasque.rules import load_rules, rules_for
from demasque.rules.loader import read_rule_file
from demasque.rules.registry import DETECTORS, detector

GOOD = {"id": "lure.local_test", "category": "lure", "weight": 0.5,
        "title": {"fr": "Licorne", "en": "Unicorn"}, "explanation": {"fr": "Une licorne pour {brand}.", "en": "A unicorn for {brand}."},
        "reference": [{"sources": ["sp_f34800"], "clue": "« Ce mail est volontairement alarmiste »"}],
        "pattern": {"any": ["\\blicorne magique\\b"], "not_warning": True},
        "examples": {"match": ["une licorne magique"], "no_match": ["un cheval"]}}


def _caches():
    load_rules.cache_clear()
    rules_for.cache_clear()
    load_profiles.cache_clear()


@pytest.fixture
def fresh(monkeypatch):
    """Loading from scratch, with the environment the test sets; the shipped data again after."""
    _caches()
    yield monkeypatch
    monkeypatch.undo()
    _caches()


def write_rules(folder: Path, entries, name="50-local.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def rule(**changes):
    r = {k: (dict(v) if isinstance(v, dict) else v) for k, v in GOOD.items()}
    for k, v in changes.items():
        if v is None:
            r.pop(k)
        else:
            r[k] = v
    return r


@pytest.mark.parametrize("entry,words", [
    (rule(pattern={"any": ["\\blicorne\\b"], "not_warnin": True}), ["pattern.not_warnin", "unknown key"]),
    (rule(strng=True), ["strng", "unknown key"]),
    (rule(title={"fr": "Licorne"}), ["title.en", "missing"]),
    (rule(weight=1.5), ["weight"]),
    (rule(category="lures"), ["category"]),
    (rule(pattern=None, detector="no_such_detector"), ["unknown detector 'no_such_detector'"]),
    (rule(pattern=None, detector="callback_number", params={"surchargd": True}), ["params", "surchargd"]),
    (rule(pattern=None, detector="link_trick"), ["params", "tricks", "missing"]),
    (rule(detector="link_lookalike"), ["exactly one of detector / pattern"]),
    (rule(pattern={"any": ["(licorne"]}), ["does not compile"]),
    (rule(examples={"match": ["x"], "no_mach": ["y"]}), ["examples.no_mach"]),
    (rule(reference="sp_f34800: licorne"), ["reference"]),
    # a helper of detectors.py is not a detector: only registered names are
    (rule(pattern=None, detector="_link_ev"), ["unknown detector '_link_ev'"]),
])
def test_a_typo_in_a_rule_stops_loading_with_the_file_and_the_rule(tmp_path, entry, words):
    path = write_rules(tmp_path / "rules", [entry])
    with pytest.raises(RuleError) as exc:
        read_rule_file(path)
    msg = str(exc.value)
    assert str(path) in msg and "rule lure.local_test" in msg, msg
    for w in words:
        assert w in msg, msg
    assert isinstance(exc.value, DemasqueError) and isinstance(exc.value, ValueError)


def test_yaml_errors_and_shapes_name_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError, match="bad.yaml: not valid YAML"):
        read_rule_file(bad)
    bad.write_text("id: lure.x\n", encoding="utf-8")
    with pytest.raises(RuleError, match="a rule file is a list"):
        read_rule_file(bad)


def test_local_rules_load_beside_the_shipped_ones_and_fire(fresh, tmp_path):
    folder = tmp_path / "rules"
    write_rules(folder, [GOOD])
    fresh.setenv("DEMASQUE_RULES", str(folder))
    ids = [r.id for r in load_rules()]
    assert "lure.local_test" in ids and "link.lookalike" in ids
    r = analyze_text("Assurance Maladie : une licorne magique vous attend.", channel="sms")
    assert "lure.local_test" in {s.rule for s in r.signals} or r.verdict == "no_red_flags"   # a soft lure may be set aside
    from demasque.api import findings
    from demasque.adapters import from_sms
    fired = findings(from_sms("Assurance Maladie : une licorne magique vous attend.")).signals
    sig = next(s for s in fired if s.rule == "lure.local_test")
    assert sig.explanation == "Une licorne pour l'Assurance Maladie." and sig.sources[0]["url"].startswith("https://www.service-public.fr/")


@pytest.mark.parametrize("entry,words", [
    (rule(id="link.lookalike"), ["link.lookalike", "already used"]),
    (rule(explanation={"fr": "Appelez le {numero}.", "en": "Call {numero}."}), ["{numero}", "does not give"]),
    (rule(reference=[{"sources": ["sp_f3480"], "clue": "x"}]), ["none of its references"]),
    (rule(reference=[{"sources": ["sp_f34800", "sp_f3480"], "clue": "x"}]), ["sp_f3480", "not in the sources"]),
    (rule(brands=["assurance_maladi"]), ["brands", "no profile 'assurance_maladi'"]),
])
def test_a_rule_that_does_not_fit_the_profiles_stops_loading(fresh, tmp_path, entry, words):
    folder = tmp_path / "rules"
    path = write_rules(folder, [entry])
    fresh.setenv("DEMASQUE_RULES", str(folder))
    with pytest.raises(RuleError) as exc:
        load_rules()
    msg = str(exc.value)
    assert str(path) in msg, msg
    for w in words:
        assert w in msg, msg


def _profile_data() -> dict:
    with (resources.files("demasque") / "profiles" / "caf.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _write_profile(folder: Path, data: dict, name="local.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_profile_with_claim_for_claims_stops_loading(tmp_path):
    data = _profile_data()
    data["claim"] = data.pop("claims")
    path = _write_profile(tmp_path / "p", data)
    with pytest.raises(ProfileError) as exc:
        read_profile(path)
    msg = str(exc.value)
    assert str(path) in msg and "profile caf" in msg and "claim: unknown key (did you mean 'claims'?)" in msg and "claims: missing" in msg


@pytest.mark.parametrize("change,words", [
    (lambda d: d["phones"][0].update(calback=True), ["phones.0.calback", "unknown key"]),
    (lambda d: d["report_to"][0].update({"for": ["sms", "smss"]}), ["report_to.0.for.1"]),
    (lambda d: d["after"]["situations"][0]["steps"][0].update(source="caf_phising"), ["after.situations[0].steps[0].source", "caf_phising", "did you mean 'caf_phishing'"]),
    (lambda d: d["sources"]["caf_phishing"].update(url="caf.fr/phishing"), ["sources.caf_phishing.url"]),
    (lambda d: d["sources"].update(sp_f34800=d["sources"]["caf_phishing"]), ["sources.sp_f34800", "data/shared.yaml"]),
    (lambda d: d.update(implied_claims=["(votre dossier"]), ["implied_claims", "does not compile"]),
    (lambda d: d["words"].update(office={"fr": "votre Caf"}), ["words.office.en", "missing"]),
    (lambda d: d["phones"].append(dict(d["phones"][0], number="3238")), ["only one number"]),
    (lambda d: d["words"].update(office={"fr": "votre {brnad}", "en": "your {brand}"}), ["words.office", "{brnad}"]),
])
def test_a_typo_in_a_profile_names_the_file_and_the_key_path(tmp_path, change, words):
    data = _profile_data()
    change(data)
    path = _write_profile(tmp_path / "p", data)
    with pytest.raises(ProfileError) as exc:
        read_profile(path)
    msg = str(exc.value)
    assert str(path) in msg, msg
    for w in words:
        assert w in msg, msg


def test_local_profiles_load_and_a_duplicate_id_is_refused(fresh, tmp_path):
    data = _profile_data()
    data["id"] = "caf_local"
    data["references"] = {}
    folder = tmp_path / "p"
    _write_profile(folder, data)
    fresh.setenv("DEMASQUE_PROFILES", str(folder))
    assert [p.id for p in load_profiles()] == ["assurance_maladie", "caf", "caf_local"]
    # the Caf's own references are needed: the rules' own cite Assurance Maladie's pages
    with pytest.raises(RuleError, match="profile caf_local"):
        load_rules()
    _caches()
    data["id"] = "caf"
    _write_profile(folder, data)
    with pytest.raises(ProfileError, match="already used"):
        load_profiles()


def test_a_missing_folder_is_an_error_not_silence(fresh, tmp_path):
    fresh.setenv("DEMASQUE_RULES", str(tmp_path / "nope"))
    with pytest.raises(RuleError, match="no such folder"):
        load_rules()


def test_the_cli_says_what_is_wrong_in_one_line(tmp_path):
    folder = tmp_path / "rules"
    path = write_rules(folder, [rule(pattern={"any": ["\\blicorne\\b"], "not_warnin": True})])
    env = dict(os.environ, DEMASQUE_RULES=str(folder))
    p = subprocess.run([sys.executable, "-m", "demasque.cli", "check", "--sms", "-"], input=b"Bonjour", env=env,
                       capture_output=True, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 2 and "Traceback" not in err, err
    assert str(path) in err and "rule lure.local_test" in err and "pattern.not_warnin" in err


def test_detectors_are_registered_by_name_with_their_params():
    named = {r.detector for r in load_rules() if r.detector}
    assert named <= set(DETECTORS)
    with pytest.raises(ValueError, match="registered twice"):
        detector("link_lookalike")(lambda f, p: [])


def test_every_source_key_of_the_data_is_a_public_page():
    for p in load_profiles():
        for key, src in list(p.spec.sources.items()) + list(shared().sources.items()):
            assert src.url.startswith(("https://", "http://")) and src.title, key


def test_data_errors_are_in_the_exception_tree():
    assert issubclass(RuleError, DataError) and issubclass(ProfileError, DataError) and issubclass(DataError, DemasqueError)
