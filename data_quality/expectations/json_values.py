"""Values as plain JSON for the dq tables (samples, evidence).

NaN and Infinity are not JSON, yet `json.dumps` writes them, and pandas turns
every missing number into NaN: everything written to a dq table goes through
`dumps`, which makes them null.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd


def json_value(value: Any) -> Any:
    """A value as plain JSON: null for NaN, NaT, infinities and pandas' NA; dates as ISO text."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, pd.Timestamp | dt.datetime):
        if pd.isna(value):
            return None
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def dumps(value: Any) -> str:
    """JSON text for the dq tables: never NaN or Infinity (they become null)."""
    return json.dumps(json_value(value), allow_nan=False)
