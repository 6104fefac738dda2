"""Reading the data files (rules, profiles): the shipped folder and those an environment variable
names, YAML that is read or refused with the file's name, and a schema's errors put in a line."""
from __future__ import annotations

import difflib
import os
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError


def data_dirs(shipped: str, env: str, error: type[Exception]) -> list[Path]:
    """The shipped folder (inside the package), then each folder of $env (os.pathsep-separated);
    a folder that does not exist is a mistake, said so."""
    dirs = [Path(str(resources.files("demasque") / shipped))]
    for p in filter(None, os.environ.get(env, "").split(os.pathsep)):
        if not Path(p).is_dir():
            raise error(f"{p}: no such folder ({env})")
        dirs.append(Path(p))
    return dirs


# libyaml's parser (bundled in PyYAML's wheels) reads the rules and profiles ten times faster than
# the pure-Python one: most of a one-message start-up was spent there. Same safe subset of YAML.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(stream):
    """yaml.safe_load, with libyaml when present."""
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 - a safe loader


def read_yaml(path: Path, error: type[Exception], shape: type, what: str):
    """The file's YAML, of the given shape (list or dict); anything else is `error` with the path."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = load_yaml(fh)
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({exc})") from None
    if data is None and shape is list:
        return []
    if not isinstance(data, shape):
        raise error(f"{path}: {what}")
    return data


_SHORT = {"extra_forbidden": "unknown key", "missing": "missing"}


def describe(exc: ValidationError, model: type[BaseModel] | None = None, prefix: str = "") -> str:
    """Pydantic's errors as `key.path: message` (each path after `prefix`); an unknown top-level
    key gets a did-you-mean."""
    out = []
    for err in exc.errors():
        loc = [prefix] * bool(prefix) + [str(x) for x in err["loc"] if not str(x).startswith("function-")]
        msg = _SHORT.get(err["type"], err["msg"].removeprefix("Value error, "))
        if err["type"] == "extra_forbidden" and model is not None and len(loc) == 1:
            near = difflib.get_close_matches(loc[0], [f.alias or n for n, f in model.model_fields.items()], n=1)
            if near:
                msg += f" (did you mean {near[0]!r}?)"
        out.append(f"{'.'.join(loc)}: {msg}" if loc else msg)
    return "; ".join(out)
