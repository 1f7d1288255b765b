"""Where things live: the warehouse folder and the package's SQL and reference files."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

WAREHOUSE_ENV = "RCM_WAREHOUSE"
DEFAULT_WAREHOUSE = Path("warehouse")


def package_folder(*parts: str) -> Path:
    """A folder of the installed package's data, as a real path.

    DuckDB reads the reference CSVs by file name, so the package must be installed
    as files (a wheel or an editable install), not imported from a zip archive.
    """
    found = resources.files("rcm").joinpath(*parts)
    if not isinstance(found, Path) or not found.is_dir():
        raise RuntimeError(f"package data rcm/{'/'.join(parts)} is not a folder on disk: {found}")
    return found


SQL_ROOT = package_folder("sql")
REFERENCE_DIR = SQL_ROOT / "reference"
# The demo's files: the committed sample when run from a checkout, else made here.
SAMPLE_DIR = Path("sample_data")


def warehouse_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse folder: the `--warehouse` option, then `RCM_WAREHOUSE`, then `./warehouse/`."""
    if option:
        return Path(option).expanduser().resolve()
    env = os.environ.get(WAREHOUSE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return (Path.cwd() / DEFAULT_WAREHOUSE).resolve()


WORK_STORE_ENV = "RCM_WORK_STORE"
WORK_STORE_FILE = "work.sqlite"


def work_store_url(option: str | None = None, warehouse: Path | None = None) -> str:
    """The work store: `--work-store`, then `RCM_WORK_STORE` (a path or a database URL), then
    `<warehouse>/work.sqlite`; as an SQLAlchemy URL."""
    given = option or os.environ.get(WORK_STORE_ENV)
    if given and "://" in given:
        return given
    if given:
        path = Path(given).expanduser().resolve()
    else:
        path = (warehouse or warehouse_dir()) / WORK_STORE_FILE
    return f"sqlite:///{path}"
