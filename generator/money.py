"""Money helpers: every amount is a Decimal with two places.

Amounts are built from integer cents so arithmetic is exact and fast, and are
formatted the way X12 and the CSV extracts expect (no exponent, two decimals).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
_CENT = Decimal("0.01")


def cents(n: int) -> Decimal:
    """Decimal dollars from integer cents."""
    return Decimal(n).scaleb(-2)


def dollars(text: str) -> Decimal:
    """Decimal dollars from a literal such as '165.00'."""
    return Decimal(text).quantize(_CENT)


def share(amount: Decimal, fraction: float) -> Decimal:
    """`amount` x `fraction`, rounded half-up to the cent."""
    return (amount * Decimal(repr(fraction))).quantize(_CENT, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """X12/CSV text of an amount: '12.50', '-3.00', '0.00'."""
    return f"{amount:.2f}"
