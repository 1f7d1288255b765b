"""Text for people: money from Decimal (never via float), rates as percentages, dates as ISO."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rcm import kpis as kpi_values

KPI_LABELS = kpi_values.LABELS


def money(value: Any) -> str:
    """$1,234.50; '—' for nothing."""
    if value is None:
        return "—"
    amount = Decimal(str(value)).quantize(kpi_values.CENTS)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def plain_money(value: Any) -> str | None:
    """1234.50: money for tables and CSV."""
    if value is None:
        return None
    return f"{Decimal(str(value)).quantize(kpi_values.CENTS):.2f}"


def percent(value: Any) -> str:
    """A fraction rounded to 4 places (as rcm kpis prints it) shown as 11.19%."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)) * 100:.2f}%"


def days(value: Any) -> str:
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.1f} days"


def kpi_text(key: str, value: Any) -> str:
    if key in kpi_values.MONEY_KEYS:
        return money(value)
    if key in kpi_values.RATE_KEYS:
        return percent(value)
    if key == "remitted_claims":
        return "—" if value is None else f"{int(value):,}"
    return days(value)


def cell(value: Any) -> Any:
    """A value for a table cell: Decimal as exact text, dates as ISO, the rest as is."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict | tuple):
        return str(value)
    return value
