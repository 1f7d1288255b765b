"""Imports go one way: etl, data_quality and dashboard meet in the warehouse, never in code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = {"etl", "data_quality", "dashboard", "generator", "rcm"}

# What each package may import of the others. `rcm` holds the shared pieces
# (configuration, warehouse, SQL files); only its command line reaches up.
ALLOWED: dict[str, set[str]] = {
    "etl": {"rcm"},
    "data_quality": {"rcm"},
    "dashboard": {"rcm"},
    "generator": {"rcm"},
    "rcm": set(),
}
TOP_MODULES = {"rcm/cli.py", "rcm/demo.py"}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & PRODUCT


def _modules() -> list[Path]:
    return sorted(p for pkg in PRODUCT for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_go_one_way(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    if relative in TOP_MODULES:
        return
    package = relative.split("/")[0]
    forbidden = _imported_packages(path) - ALLOWED[package] - {package}
    assert not forbidden, f"{relative} imports {sorted(forbidden)}"


def test_the_checker_catches_a_bad_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from dashboard.app import make_app\nimport etl.x12\n")
    assert _imported_packages(bad) == {"dashboard", "etl"}
