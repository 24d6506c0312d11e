"""No import circle inside a plugin.

Each plugin keeps its modules in layers, and a module imports only from the layers below it:

    models  <-  selectors (reads)  <-  services (writes)  <-  forms  <-  views
            <-  wagtail_hooks, urls, admin views

Models never import selectors, forms or views, not even inside a function. A page that needs
request-time data (the module access check, a learner's progress) gets it from a Wagtail hook:
`before_serve_page` in the app's wagtail_hooks.py, or one of our own `camino_*` hooks that the
model looks up with `wagtail.hooks.get_hooks(...)` without importing the module that registers it.

This test reads the source with `ast` (it imports nothing), collects every import - at the top of
a file and inside functions, since a lazy import is exactly how a circle hides - except those
under `if TYPE_CHECKING:`, and fails listing every cycle it finds inside a plugin, with the files
and the lines that import each other. An edge from a module to its own parent package's
`__init__` (a package re-exporting its modules) is not a cycle, and migrations are left out.

The plugins are `learning` (without `learning/certificates`, a plugin of its own), `certificates`
(learning/certificates), `cohorts`, `evaluation`, `reflections` and the host `camino` (site/,
imported as `camino`, with its sub-packages notifications, audit, dataexport and legal).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Plugin:
    name: str
    folder: Path  # on disk
    package: str  # its import name
    exclude: tuple[Path, ...] = ()  # sub-folders that are plugins of their own


PLUGINS = (
    Plugin(
        "learning", ROOT / "learning", "learning", exclude=(ROOT / "learning" / "certificates",)
    ),
    Plugin("certificates", ROOT / "learning" / "certificates", "learning.certificates"),
    Plugin("cohorts", ROOT / "cohorts", "cohorts"),
    Plugin("evaluation", ROOT / "evaluation", "evaluation"),
    Plugin("reflections", ROOT / "reflections", "reflections"),
    Plugin("camino", ROOT / "site", "camino"),
)


@dataclass(frozen=True)
class Edge:
    source: str  # module name
    target: str  # module name
    line: int
    text: str  # the import as written


def plugin_modules(plugin: Plugin) -> dict[str, Path]:
    """Module name -> file, for every .py file of the plugin except migrations."""
    modules = {}
    for path in sorted(plugin.folder.rglob("*.py")):
        relative = path.relative_to(plugin.folder)
        if "migrations" in relative.parts or "__pycache__" in relative.parts:
            continue
        if any(path.is_relative_to(folder) for folder in plugin.exclude):
            continue
        parts = list(relative.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join([plugin.package, *parts])] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    return False


class _ImportCollector(ast.NodeVisitor):
    """Every import statement anywhere in a file, except under `if TYPE_CHECKING:`."""

    def __init__(self):
        self.found: list[ast.Import | ast.ImportFrom] = []

    def visit_If(self, node: ast.If):
        if _is_type_checking(node.test):
            for child in node.orelse:  # the `else:` branch runs
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import):
        self.found.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom):
        self.found.append(node)


def _owning_module(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is one of the modules."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Edge]:
    """The edges from `module` to other modules in `modules` that its file imports."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    collector = _ImportCollector()
    collector.visit(tree)
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    edges: dict[tuple[str, int], Edge] = {}
    for node in collector.found:
        text = ast.get_source_segment(source, node) or ""
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base_parts = package.split(".")
                if node.level > 1:
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts)
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}" if base else alias.name
                # `from x import y` where y is a submodule names the submodule.
                targets.append(submodule if submodule in modules else base)
        for name in targets:
            target = _owning_module(name, modules)
            if target is None or target == module:
                continue
            # A module importing its own parent package (re-exported names) is no circle.
            if target == package and not is_package:
                continue
            edges.setdefault(
                (target, node.lineno), Edge(module, target, node.lineno, " ".join(text.split()))
            )
    return list(edges.values())


def import_graph(modules: dict[str, Path]) -> dict[str, list[Edge]]:
    return {module: imports_of(module, path, modules) for module, path in modules.items()}


def strongly_connected(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that can each reach one another, largest first,
    only groups that form a cycle (more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str):
        # Iterative to stay clear of the recursion limit.
        work = [(node, iter(sorted({e.target for e in graph.get(node, [])})))]
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted({e.target for e in graph.get(child, [])}))))
                    advanced = True
                    break
                if child in on_stack:
                    low[current] = min(low[current], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[current])
            if low[current] == index[current]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == current:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups, key=lambda g: (-len(g), g))


def a_cycle(group: list[str], graph: dict[str, list[Edge]]) -> list[Edge]:
    """One shortest cycle through the first module of a group, as the imports that make it."""
    members = set(group)
    start = group[0]
    # Breadth-first search from start back to start, inside the group.
    previous: dict[str, Edge] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        following = []
        for node in frontier:
            for edge in graph[node]:
                if edge.target not in members:
                    continue
                if edge.target == start:
                    path = [edge]
                    while path[0].source != start:
                        path.insert(0, previous[path[0].source])
                    return path
                if edge.target not in seen:
                    seen.add(edge.target)
                    previous[edge.target] = edge
                    following.append(edge.target)
        frontier = following
    return []


def _shown(path: Path, plugin: Plugin) -> str:
    base = ROOT if path.is_relative_to(ROOT) else plugin.folder.parent
    return str(path.relative_to(base))


def describe_cycles(plugin: Plugin) -> list[str]:
    modules = plugin_modules(plugin)
    graph = import_graph(modules)
    reports = []
    for group in strongly_connected(graph):
        files = ", ".join(_shown(modules[m], plugin) for m in group)
        lines = [f"[{plugin.name}] {len(group)} modules import one another: {files}"]
        for edge in a_cycle(group, graph):
            where = f"{_shown(modules[edge.source], plugin)}:{edge.line}"
            lines.append(f"    {where}  {edge.text}  ->  {edge.target}")
        inside = [e for m in group for e in graph[m] if e.target in set(group)]
        lines.append(f"    (all {len(inside)} imports inside this group:)")
        for edge in inside:
            where = f"{_shown(modules[edge.source], plugin)}:{edge.line}"
            lines.append(f"      {where}  {edge.text}")
        reports.append("\n".join(lines))
    return reports


def test_no_import_circle_inside_a_plugin():
    reports = [report for plugin in PLUGINS for report in describe_cycles(plugin)]
    assert not reports, (
        "Import circles inside a plugin (break each by moving code down a layer: models <- "
        "selectors <- services <- forms <- views <- wagtail_hooks/urls; a model that needs a "
        "view's answer gets it through a hook):\n\n" + "\n\n".join(reports)
    )


# Which plugins each may import (README, "Layout"): camino -> reflections -> cohorts ->
# certificates -> learning, and camino -> evaluation -> cohorts. An earlier plugin that shows
# something from a later one offers a hook instead; no plugin imports the host.
MAY_IMPORT = {
    "learning": set(),
    "certificates": {"learning"},
    "cohorts": {"certificates", "learning"},
    "reflections": {"cohorts", "certificates", "learning"},
    "evaluation": {"cohorts", "certificates", "learning"},
    "camino": {"reflections", "evaluation", "cohorts", "certificates", "learning"},
}


def test_plugins_import_each_other_only_down_the_plugin_order():
    modules: dict[str, Path] = {}
    owner: dict[str, Plugin] = {}
    for plugin in PLUGINS:
        for module, path in plugin_modules(plugin).items():
            modules[module] = path
            owner[module] = plugin
    wrong = [
        f"{_shown(modules[edge.source], owner[module])}:{edge.line}  {edge.text}"
        f"  ({owner[module].name} may not import {owner[edge.target].name})"
        for module, path in modules.items()
        for edge in imports_of(module, path, modules)
        if owner[edge.target] is not owner[module]
        and owner[edge.target].name not in MAY_IMPORT[owner[module].name]
    ]
    assert not wrong, "Imports against the plugin order:\n" + "\n".join(wrong)


def test_every_plugin_is_read():
    """The test above reads real files: each plugin has its models and most of its modules."""
    for plugin in PLUGINS:
        modules = plugin_modules(plugin)
        assert len(modules) >= 5, plugin.name
        assert not any(".migrations" in m for m in modules)
    learning = plugin_modules(PLUGINS[0])
    assert "learning.models.pages" in learning
    assert not any(m.startswith("learning.certificates") for m in learning)
    assert "camino.notifications.listeners" in plugin_modules(PLUGINS[-1])


def _write(root: Path, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_test_finds_a_lazy_import_cycle(tmp_path):
    """A tiny fake plugin whose model imports a view inside a function, the view importing the
    model at the top: exactly the circle the test exists for."""
    _write(
        tmp_path / "fake",
        {
            "__init__.py": "",
            "models/__init__.py": "from .pages import Page\n",
            "models/pages.py": (
                "class Page:\n"
                "    def serve(self):\n"
                "        from fake.views import access\n"
                "        return access(self)\n"
            ),
            "views.py": "from .models import Page\n\ndef access(page):\n    return Page\n",
            "forms.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from fake.views import access\n"
                "from fake import models\n"
            ),
            "migrations/0001_initial.py": "from fake.views import access\n",
        },
    )
    plugin = Plugin("fake", tmp_path / "fake", "fake")
    reports = describe_cycles(plugin)
    assert len(reports) == 1
    assert "fake/models/__init__.py" in reports[0]
    assert "fake/models/pages.py" in reports[0]
    assert "fake/views.py" in reports[0]
    assert "fake/forms.py" not in reports[0]  # TYPE_CHECKING imports do not count
    assert "migrations" not in reports[0]
    assert "fake/models/pages.py:3  from fake.views import access" in reports[0]

    # Moving the access check out of the model (into a hook the view side registers) ends it.
    (tmp_path / "fake" / "models" / "pages.py").write_text(
        "class Page:\n    def serve(self):\n        return None\n", encoding="utf-8"
    )
    assert describe_cycles(plugin) == []


def test_a_module_importing_its_parent_package_is_no_cycle(tmp_path):
    _write(
        tmp_path / "fake",
        {
            "__init__.py": "",
            "models/__init__.py": "from .pages import Page\nfrom .base import Base\n",
            "models/base.py": "class Base:\n    pass\n",
            "models/pages.py": "from . import base\nfrom fake.models import Base\n",
            "a.py": "def f():\n    from .b import g\n",
            "b.py": "from .. import fake\nfrom . import a\ndef g():\n    pass\n",
        },
    )
    plugin = Plugin("fake", tmp_path / "fake", "fake")
    reports = describe_cycles(plugin)
    # models/pages -> models/__init__ is a re-export and ignored; a <-> b is a real cycle.
    assert len(reports) == 1
    assert "fake/a.py" in reports[0] and "fake/b.py" in reports[0]
    assert "models" not in reports[0]
