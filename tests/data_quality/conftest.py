"""Shared fixtures of the data-quality tests."""

from __future__ import annotations

import sys
from pathlib import Path

# The shared test modules sit beside the tests; pytest's import mode does not put this folder on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))
