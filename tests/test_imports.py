"""The package's import graph has no cycle, and every module can be imported on its own."""
import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "demasque"


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = p.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _module_level_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The demasque modules `name` imports when it is loaded (imports inside functions, and under
    `if TYPE_CHECKING:`, are made later or never: they cannot close a cycle at load time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for h in getattr(node, "handlers", []):
                    visit(h.body)
                visit(getattr(node, "finalbody", []))
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names if a.name in known)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                subs = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in known]
                if subs:
                    out.update(subs)
                if mod in known and len(subs) < len(node.names):
                    out.add(mod)

    visit(tree.body)
    out.discard(name)
    return out


def test_no_import_cycle():
    mods = _modules()
    graph = {m: _module_level_imports(m, p, set(mods)) for m, p in mods.items()}
    # Tarjan's strongly connected components: any component of more than one module is a cycle
    index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            strong(v)
    assert not cycles, f"import cycles: {cycles}"


def test_every_module_imports_on_its_own():
    """Each module in a fresh interpreter (those that need an optional extra may say so)."""
    mods = sorted(m for m in _modules() if not m.endswith(".__main__"))   # a __main__ runs the program
    code = ("import importlib, sys\nbad = []\nfor name in sys.argv[1:]:\n"
            "    for m in [k for k in sys.modules if k == 'demasque' or k.startswith('demasque.')]:\n"
            "        del sys.modules[m]\n"
            "    try:\n        importlib.import_module(name)\n"
            "    except ModuleNotFoundError as e:\n"
            "        if not (e.name or '').startswith('demasque'):\n            continue   # an optional extra\n"
            "        bad.append(f'{name}: {e!r}')\n"
            "    except Exception as e:\n        bad.append(f'{name}: {e!r}')\n"
            "print('\\n'.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code, *mods], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert not out.stdout.strip(), out.stdout
