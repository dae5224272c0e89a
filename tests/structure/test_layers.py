"""The product's modules import one way and each imports on its own.

- Every product module imports alone, in an interpreter that has imported no other product module
  (a module that only works after some other import hides a circle or a side effect).
- No import cycle between product modules (read from the source with ast, so it cannot be hidden
  by import order); the layers are schema -> resolvers -> loaders -> upstream.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("schema", "resolvers", "loaders", "upstream", "simulator", "access", "web", "telemetry", "state")
TOP_MODULES = ("server", "cli", "settings")


def product_modules() -> dict[str, Path]:
    modules = {name: ROOT / f"{name}.py" for name in TOP_MODULES}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Product modules `name` imports anywhere in it (a function-level import is a circle too, only
    hidden), including `from x import y` of a submodule."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            # `import a.b.c` imports a, a.b and a.b.c: each package's __init__ runs.
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                candidate = ".".join(parts[:i])
                if candidate in known and candidate != name:
                    found.add(candidate)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = product_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_product_modules():
    assert cycles(import_graph()) == []


# Forks one child per module from a parent that has imported only third-party libraries, so each
# child is a fresh interpreter as far as product modules go (and the test takes seconds, not minutes).
_IMPORT_EACH_ALONE = """
import importlib, os, sys, traceback
import strawberry, pydantic, httpx, starlette, graphql, yaml, jwt  # third-party only
failed = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failed.append(name)
print("FAILED:" + ",".join(failed))
"""


def test_every_product_module_imports_alone():
    names = sorted(product_modules())
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_ALONE, *names], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.strip().endswith("FAILED:"), result.stdout + result.stderr[-4000:]


def test_state_imports_no_other_layer():
    """state/ (what replicas share) is usable from any layer, so it imports none."""
    state_modules = {name: deps for name, deps in import_graph().items() if name.startswith("state")}
    assert state_modules and all(d.startswith("state") for deps in state_modules.values() for d in deps), state_modules
