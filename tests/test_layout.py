"""The shape DESIGN.md section 2 asks for, checked on the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANDLERS = sorted((ROOT / "handlers").rglob("*.py"))
SERVICES = sorted((ROOT / "services").rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("path", HANDLERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_handler_modules_are_small_and_import_no_storage_or_runtime(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 300
    imports = _imports(path)
    assert not {i for i in imports if _top(i) in ("sqlalchemy", "bot")}
    assert "db.models" not in imports


@pytest.mark.parametrize("path", HANDLERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_handlers_do_not_assert_on_input(path: Path) -> None:
    tree = ast.parse(path.read_text())
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Assert)]


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: str(p.relative_to(ROOT)))
def test_services_never_import_telegram_or_handlers(path: Path) -> None:
    assert not {i for i in _imports(path) if _top(i) in ("telegram", "handlers", "bot")}
