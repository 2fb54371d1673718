"""The layer rules of shared/STYLE.md, checked on the source: only storage/ talks SQL, no
import cycles, views never reach the database, domain code never imports views."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "scheduler")
SESSION_CALLS = frozenset(
    {"add", "add_all", "delete", "execute", "exec", "flush", "get", "merge", "scalar", "scalars"}
)
SESSION_CALLS |= {"begin_nested", "refresh", "query"}
# What code outside storage/ may import from SQLAlchemy/SQLModel: types to annotate with and
# errors to catch, nothing that builds a query.
ALLOWED_SQL_NAMES = frozenset({"Session", "Engine", "IntegrityError", "OperationalError"})
ALLOWED_SQL_NAMES |= {"SQLAlchemyError", "DBAPIError", "ArgumentError", "make_url"}
DOMAIN: tuple[str, ...] = ("bot.access", "bot.customers", "bot.dates", "bot.digest")
DOMAIN += ("bot.followups", "bot.nudges", "bot.rules", "bot.catalog", "bot.seed")
DOMAIN += ("bot.preferences", "bot.reminders")
VIEW_MAY_USE_FROM_STORAGE = frozenset({"storage.models", "storage.types"})
# The tables' column types (contact data sealed with the key ring) and what the models derive
# from a phone or email when written: part of the models, no database in them.
VIEW_MAY_USE_FROM_STORAGE |= {"storage.crypto", "storage.contact_columns"}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for every import in `module`,
    wherever it is written (also inside functions)."""
    tree = ast.parse(MODULES[module].read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names], node.lineno


def _project_imports(module: str) -> set[str]:
    """The project modules `module` imports (`from bot.x import y` counts as bot.x.y when y
    is a module)."""
    found: set[str] = set()
    for imported, names, _line in _imports(module):
        if imported.split(".")[0] not in PACKAGES:
            continue
        submodules = [f"{imported}.{name}" for name in names if f"{imported}.{name}" in MODULES]
        found.update(submodules or [imported])
    return {m for m in found if m in MODULES and m != module}


GRAPH = {module: _project_imports(module) for module in MODULES}


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(GRAPH[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(GRAPH[module])
    return seen


def test_the_checks_see_the_code() -> None:
    assert "bot.customers.resolution" in MODULES
    assert "storage.names" in GRAPH["bot.customers.resolution"]


@pytest.mark.parametrize("module", [m for m in MODULES if not m.startswith("storage")])
def test_only_storage_talks_sql(module: str) -> None:
    problems: list[str] = []
    for imported, names, line in _imports(module):
        if imported.split(".")[0] in ("sqlalchemy", "sqlmodel"):
            problems += [
                f"line {line}: imports {name} from {imported}"
                for name in names or [imported]
                if name not in ALLOWED_SQL_NAMES
            ]
    tree = ast.parse(MODULES[module].read_text())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SESSION_CALLS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("session", "connection", "conn")
        ):
            problems.append(f"line {node.lineno}: calls {node.func.value.id}.{node.func.attr}")
    assert problems == [], f"{module} works with the database directly; use storage/"


def test_no_import_cycles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(GRAPH[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert cycles == []


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("bot.views")])
def test_views_never_reach_the_database(module: str) -> None:
    reached = {
        m
        for m in _reachable(module) | {module}
        if m.startswith("storage") and m not in VIEW_MAY_USE_FROM_STORAGE
    }
    assert reached == set(), f"{module} reaches {sorted(reached)}: views are pure builders"


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith(DOMAIN)])
def test_domain_code_never_imports_views_or_handlers(module: str) -> None:
    bad = {m for m in GRAPH[module] if m.startswith(("bot.views", "handlers", "scheduler"))}
    assert bad == set()


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("handlers")])
def test_handlers_do_not_import_each_other(module: str) -> None:
    others = {
        m
        for m in GRAPH[module]
        if m.startswith("handlers.")
        and m != "handlers.common"
        and m.rsplit(".", 1)[0] != module
        and not module.startswith(m.rsplit(".", 1)[0] + ".")
        and module != "handlers"
    }
    assert others == set()
