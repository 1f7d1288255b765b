"""Shared fixtures for the X12 engine tests.

Pytest runs in importlib mode, so shared functions are handed out as fixtures rather
than imported from this module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from rcm.etl.x12 import parse
from rcm.etl.x12.schemas import TABLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"


@pytest.fixture
def fixture_text() -> Callable[[str], str]:
    """The text of a hand-made fixture file in tests/fixtures/x12."""

    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="ascii")

    return read


@pytest.fixture
def tables() -> Callable[..., dict[str, pa.Table]]:
    """Parse text or bytes under a given file name."""

    def run(data: str | bytes, name: str = "test.x12") -> dict[str, pa.Table]:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return parse(raw, name=name)

    return run


@pytest.fixture
def expect() -> Callable[..., dict[str, Any]]:
    """A full row of a table: the given values, every other column null."""

    def row(table: str, **values: Any) -> dict[str, Any]:
        names = TABLES[table].names
        unknown = set(values) - set(names)
        assert not unknown, f"not columns of {table}: {unknown}"
        return {name: values.get(name) for name in names}

    return row
