"""Imports point one way: ui → app → base and db; db → base only; base imports none of them.

Inside app/, an area is a subpackage (app/meetings, app/reports, …) or a top-level module
(app/branch.py, app/home.py, …). Areas form no circle, nor do app's modules, and the document
layer (app/reports) imports no other area's package: each area prints its own documents on it.

ui/ reads and writes through app/ (read models and services): it imports no table (db.models,
db.city.models) and nothing of SQLAlchemy but the Session it passes on.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What each top-level package may import of the others (besides itself).
MAY_IMPORT = {
    "base": set(),
    "db": {"base"},
    "app": {"base", "db"},
    "ui": {"base", "db", "app"},
}
DOCUMENT_LAYER = "app.reports"
#: The windows place the pages; a page's tabs and dialogs know it only through a host
#: Protocol (ui/widgets/year_page.py:YearHost and its extensions).
WINDOWS = {"ui.main_window", "ui.city.window"}

Graph = dict[str, set[str]]


def _module_names(root: Path) -> dict[str, Path]:
    names = {}
    for package in MAY_IMPORT:
        for path in (root / package).rglob("*.py"):
            if "__pycache__" in path.parts:
                continue
            parts = path.relative_to(root).with_suffix("").parts
            names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _imported(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The program's modules that `name` imports, wherever in it (late imports count too).
    `from package import submodule` depends on the submodule."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                package = name.split(".")[: None if path.name == "__init__.py" else -1]
                package = package[: len(package) - node.level + 1]
                module = ".".join([*package, module] if module else package)
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                yield sub if sub in known else module


def import_graph(root: Path) -> Graph:
    names = _module_names(root)
    known = set(names)
    return {name: {m for m in _imported(name, path, known) if m in known and m != name}
            for name, path in names.items()}


def upward_imports(graph: Graph) -> list[str]:
    return sorted(f"{module} imports {target}"
                  for module, targets in graph.items() for target in targets
                  if (top := target.split(".")[0]) != module.split(".")[0]
                  and top not in MAY_IMPORT[module.split(".")[0]])


def area(module: str) -> str:
    return ".".join(module.split(".")[:2])


def app_area_graph(graph: Graph) -> Graph:
    areas: Graph = {}
    for module, targets in graph.items():
        if module.startswith("app."):
            areas.setdefault(area(module), set()).update(
                area(t) for t in targets if t.startswith("app.") and area(t) != area(module))
    return areas


def circles(graph: Graph) -> list[list[str]]:
    """The groups of nodes that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def document_layer_imports(graph: Graph) -> list[str]:
    """Imports from app/reports of another app package (top-level app modules are shared)."""
    packages = {area(m) for m in graph if m.startswith("app.") and m.count(".") >= 2}
    return sorted(f"{module} imports {target}"
                  for module, targets in graph.items() if area(module) == DOCUMENT_LAYER
                  for target in targets
                  if area(target) in packages and area(target) != DOCUMENT_LAYER)


def page_imports(graph: Graph) -> list[str]:
    """Imports of a page module (`ui.<area>.page`) by anything but the windows."""
    return sorted(f"{module} imports {target}"
                  for module, targets in graph.items()
                  if module.startswith("ui.") and module not in WINDOWS
                  for target in targets
                  if target.startswith("ui.") and target.rsplit(".", 1)[-1] == "page")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(ROOT)


def test_no_package_imports_a_layer_above_it(graph: Graph) -> None:
    assert upward_imports(graph) == []


def test_app_areas_form_no_circle(graph: Graph) -> None:
    assert circles(app_area_graph(graph)) == []


def test_app_modules_form_no_circle(graph: Graph) -> None:
    assert circles({m: t for m, t in graph.items() if m.split(".")[0] == "app"}) == []


def test_document_layer_imports_no_area(graph: Graph) -> None:
    assert document_layer_imports(graph) == []


def test_only_the_windows_import_a_page(graph: Graph) -> None:
    assert page_imports(graph) == []


def _tree(root: Path, files: dict[str, str]) -> Graph:
    for package in MAY_IMPORT:
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return import_graph(root)


def test_checks_find_an_upward_import(tmp_path: Path) -> None:
    graph = _tree(tmp_path, {
        "base/money.py": "",
        "db/types.py": "from base.money import CENT\nfrom app.errors import UserError\n",
        "app/errors.py": "def late():\n    import ui.window\n",
        "ui/window.py": "from app import errors\nfrom db import types\n",
    })
    assert upward_imports(graph) == ["app.errors imports ui.window",
                                     "db.types imports app.errors"]


def test_checks_find_circles_and_a_document_layer_that_knows_an_area(tmp_path: Path) -> None:
    graph = _tree(tmp_path, {
        "app/branch.py": "",
        "app/reports/__init__.py": "",
        "app/reports/common.py": "from app.branch import name\n",
        "app/reports/document.py": "from app.reports import common\n",
        "app/meetings/__init__.py": "",
        "app/meetings/minutes.py": "from app.reports.document import Document\n",
        "app/fund/__init__.py": "",
        "app/fund/printing.py": "from ..reports.document import Document\n",
        "app/cli/__init__.py": "",
        "app/cli/city.py": "from app.cli import city_fund\n",
        "app/cli/city_fund.py": "from .city import open_city\n",
    })
    assert document_layer_imports(graph) == []
    assert circles(app_area_graph(graph)) == []
    assert circles(graph) == [["app.cli.city", "app.cli.city_fund"]]

    (tmp_path / "app/reports/common.py").write_text("from app.meetings.minutes import title\n")
    graph = import_graph(tmp_path)
    assert document_layer_imports(graph) == ["app.reports.common imports app.meetings.minutes"]
    assert circles(app_area_graph(graph)) == [["app.meetings", "app.reports"]]


def test_checks_find_a_tab_that_imports_its_page(tmp_path: Path) -> None:
    graph = _tree(tmp_path, {
        "ui/main_window.py": "from ui.dues.page import DuesPage\n",
        "ui/dues/__init__.py": "",
        "ui/dues/page.py": "from ui.dues.receipts import ReceiptsTab\n",
        "ui/dues/receipts.py": "from typing import TYPE_CHECKING\n"
                               "if TYPE_CHECKING:\n    from ui.dues.page import DuesPage\n",
        "ui/city/__init__.py": "",
        "ui/city/window.py": "from ui.city.fund import page\n",
        "ui/city/fund/__init__.py": "",
        "ui/city/fund/page.py": "",
        "ui/city/fund/ledger.py": "from . import page\n",
    })
    assert page_imports(graph) == ["ui.city.fund.ledger imports ui.city.fund.page",
                                   "ui.dues.receipts imports ui.dues.page"]


#: What ui/ may import of SQLAlchemy: the session, for type hints only.
UI_MAY_USE_OF_SQLALCHEMY = {"sqlalchemy.orm.Session"}
#: The tables; ui/ reads and writes through app/ (read models and services) instead.
MODELS = ("db.models", "db.city.models")


def _external_imports(path: Path) -> Iterator[str]:
    """Every name a module imports, as `package.module.name` (late imports count too)."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def data_access_in_ui(root: Path) -> list[str]:
    """ui/ modules that import the tables or SQLAlchemy beyond its Session."""
    found = []
    for path in sorted((root / "ui").rglob("*.py")):
        for name in _external_imports(path):
            models = any(name == m or name.startswith(f"{m}.") for m in MODELS)
            sql = name.split(".")[0] == "sqlalchemy" and name not in UI_MAY_USE_OF_SQLALCHEMY
            if models or sql:
                found.append(f"{path.relative_to(root).as_posix()} imports {name}")
    return found


def test_ui_imports_no_tables_and_no_sql() -> None:
    assert data_access_in_ui(ROOT) == []


def test_the_ui_check_finds_tables_and_sql(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "ui/form.py": "from sqlalchemy.orm import Session\nfrom db.database import Database\n",
        "ui/page.py": "import sqlalchemy\nfrom db.models import Member\n",
        "ui/tab.py": "def late():\n    from sqlalchemy import select\n"
                     "    from db.city.models.branch import CityBranch\n"
                     "    from sqlalchemy.orm import object_mapper\n",
    })
    assert data_access_in_ui(tmp_path) == [
        "ui/page.py imports sqlalchemy", "ui/page.py imports db.models.Member",
        "ui/tab.py imports sqlalchemy.select", "ui/tab.py imports db.city.models.branch.CityBranch",
        "ui/tab.py imports sqlalchemy.orm.object_mapper"]
