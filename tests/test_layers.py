"""The layers of docs/architecture.md, checked on the source: imports only go down.

Every module under node/ and protocol/ is parsed (nothing is imported) and mapped to its
layer; each import must go to a layer its own layer may use (`ALLOWED`), and the imports
between node modules must form no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Module prefixes of each layer; the longest prefix that matches a module names its layer.
LAYERS: dict[str, tuple[str, ...]] = {
    "protocol": ("protocol",),
    "base": ("node", "node.errors", "node.config", "node.redact", "node.tasks", "node.preflight"),
    "store": ("node.store",),
    "ingest": ("node.ingest",),
    "net": ("node.net",),
    "feeds": ("node.feeds",),
    "http": ("node.http",),
    "fediverse": ("node.fediverse",),
    "app": ("node.app",),
    "cli": ("node.cli",),
}

_WEB_BELOW = {"protocol", "base", "store"}
#: Which layers each layer may import (its own included). The web layer (http, feeds,
#: fediverse) reads the store and is handed the node: it never imports net, ingest or app.
ALLOWED: dict[str, set[str]] = {
    "protocol": {"protocol"},
    "base": {"protocol", "base"},
    "store": {"protocol", "base", "store"},
    "ingest": {"protocol", "base", "store", "ingest"},
    "net": {"protocol", "base", "store", "ingest", "net"},
    "feeds": _WEB_BELOW | {"feeds"},
    "http": _WEB_BELOW | {"feeds", "http"},
    "fediverse": _WEB_BELOW | {"feeds", "http", "fediverse"},
    "app": {"protocol", "base", "store", "ingest", "net", "feeds", "http", "fediverse", "app"},
    "cli": set(LAYERS),
}

#: Single edges allowed against the layer order, each with its reason.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # The application (make_app) mounts the Fediverse's routes; those use http's helpers.
    ("node.http", "node.fediverse.routes"): "the application mounts the Fediverse routes",
}

#: Imports under `if TYPE_CHECKING:` that may go up: the web layer names the Node type it is
#: handed, for the type checker only. At run time it never imports node.app.
TYPE_ONLY_UP: set[tuple[str, str]] = {
    ("http", "node.app"),
    ("fediverse", "node.app"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    out = {}
    for top in ("node", "protocol"):
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).parts
            if all(p.isidentifier() for p in rel[:-1]):  # not protocol/example-extension
                out[module_name(path)] = path
    return out


def layer_of(module: str) -> str | None:
    best, found = -1, None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), layer
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(module: str, path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported module, line, type-only) for each import of a node or protocol module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for inner in node.body:
                type_only.update(id(n) for n in ast.walk(inner))
    out = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                targets.append(sub if sub in known else source)
        for target in targets:
            if target.split(".")[0] in ("node", "protocol"):
                out.append((target, node.lineno, id(node) in type_only))
    return out


def graph() -> dict[str, list[tuple[str, int, bool]]]:
    mods = sources()
    known = set(mods)
    return {m: imports(m, p, known) for m, p in mods.items()}


def test_every_module_has_a_layer():
    assert not [m for m in sources() if layer_of(m) is None]


def test_imports_only_go_down_the_layers():
    mods = sources()
    wrong = []
    for module, edges in graph().items():
        mine = layer_of(module)
        assert mine is not None
        for target, line, type_only in edges:
            theirs = layer_of(target)
            if theirs in ALLOWED[mine] or (module, target) in EXCEPTIONS:
                continue
            if type_only and (mine, target) in TYPE_ONLY_UP:
                continue
            where = mods[module].relative_to(ROOT)
            wrong.append(f"{where}:{line} ({mine}) imports {target} ({theirs})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_web_layer_never_imports_the_app_at_run_time():
    wrong = [
        f"{module} imports node.app at line {line}"
        for module, edges in graph().items()
        if layer_of(module) in ("http", "feeds", "fediverse")
        for target, line, type_only in edges
        if target == "node.app" and not type_only
    ]
    assert not wrong, wrong


def test_no_import_cycle_between_node_modules():
    g = graph()
    edges = {
        m: sorted({t for t, _, type_only in e if not type_only and t != m and t in g})
        for m, e in g.items()
    }
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []
    cycles: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in edges[m]:
            if state.get(t) == 1:
                cycles.append(" -> ".join(path[path.index(t) :] + [t]))
            elif t not in state:
                visit(t)
        path.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
