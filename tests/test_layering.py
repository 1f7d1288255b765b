"""Imports go one way: the ground, the packages above it, and one composition root on top.

The ground (`rcm.config`, `rcm.warehouse`, `rcm.workstore`, `rcm.sqlfiles`, `rcm.kpis`,
`rcm.query`) imports nothing above it; `rcm.etl`, `rcm.data_quality`, `rcm.dashboard` and
`rcm.generator` meet in the warehouse, never in code; only the composition root
(`rcm.pipeline`) and what presents it (`rcm.cli`, `rcm.reports`) reach up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("etl", "data_quality", "dashboard", "generator")
TOP = {"rcm.pipeline", "rcm.cli", "rcm.reports"}

# What each unit may import besides itself.
ALLOWED: dict[str, set[str]] = {
    "ground": set(),
    "rcm.etl": {"ground"},
    "rcm.data_quality": {"ground"},
    "rcm.dashboard": {"ground"},
    "rcm.generator": {"ground"},
    "top": {"ground", "rcm.etl", "rcm.data_quality", "rcm.dashboard", "rcm.generator"},
}


def unit(module: str) -> str | None:
    """The layer a product module belongs to; None for anything outside the product."""
    parts = module.split(".")
    if parts[0] in PACKAGES:
        return "outside the namespace"
    if parts[0] != "rcm":
        return None
    if len(parts) == 1:
        return "ground"
    if parts[1] in PACKAGES:
        return f"rcm.{parts[1]}"
    if ".".join(parts[:2]) in TOP:
        return "top"
    return "ground"


def imported_units(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {found for found in map(unit, names) if found is not None}


def module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts if parts[0] == "rcm" else ["rcm", *parts])


def product_modules() -> list[Path]:
    """Every module once, by its real path (rcm/etl and its siblings are links)."""
    found = {
        path.resolve() for folder in ("rcm", *PACKAGES) for path in (ROOT / folder).rglob("*.py")
    }
    return sorted(path.relative_to(ROOT.resolve()) for path in found)


@pytest.mark.parametrize("path", product_modules(), ids=lambda p: p.as_posix())
def test_imports_go_one_way(path: Path) -> None:
    own = unit(module_name(path))
    assert own is not None
    forbidden = imported_units(ROOT / path) - ALLOWED[own] - {own}
    assert not forbidden, f"{module_name(path)} ({own}) imports {sorted(forbidden)}"


def test_every_named_top_module_exists() -> None:
    for name in TOP:
        assert (ROOT / Path(*name.split("."))).with_suffix(".py").is_file(), name


def test_the_namespace_links_point_at_the_top_level_folders() -> None:
    for package in (*PACKAGES, "sql"):
        link = ROOT / "rcm" / package
        assert link.is_symlink() and link.resolve() == (ROOT / package).resolve(), package


@pytest.mark.parametrize(
    ("source", "module", "reaches", "allowed"),
    [
        (
            "from rcm.dashboard.app import make_app\nimport rcm.etl.x12\n",
            "rcm.config",
            {"rcm.dashboard", "rcm.etl"},
            False,
        ),
        ("from rcm import pipeline\n", "rcm.warehouse", {"ground", "top"}, False),
        ("from rcm.data_quality import runner\n", "rcm.etl.loader", {"rcm.data_quality"}, False),
        ("import etl.x12\n", "rcm.etl.loader", {"outside the namespace"}, False),
        ("from rcm import sqlfiles\nimport duckdb\n", "rcm.etl.loader", {"ground"}, True),
        ("from rcm.etl import loader\n", "rcm.pipeline", {"rcm.etl"}, True),
    ],
)
def test_the_checker_sorts_imports_into_layers(
    tmp_path: Path, source: str, module: str, reaches: set[str], allowed: bool
) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(source)
    own = unit(module)
    assert own is not None
    assert imported_units(probe) == reaches
    assert (not imported_units(probe) - ALLOWED[own] - {own}) is allowed
