"""Data quality: expectation suites over staging and core, and the coding-anomaly rules.

Both write `dq` tables in the warehouse; etl and the dashboard never import
this package, they read what it wrote.
"""

from __future__ import annotations

from rcm.data_quality.reference_load import load_reference
from rcm.data_quality.report import CheckReport
from rcm.data_quality.runner import run_checks

__all__ = ["CheckReport", "load_reference", "run_checks"]
