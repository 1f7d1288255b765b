"""NPIs with a valid Luhn check digit (ISO 7812, with the 80840 prefix).

Realistic identifiers matter because the data-quality rules check them: every
NPI the generator makes is valid unless an anomaly deliberately breaks it.
"""

from __future__ import annotations

import random

_PREFIX_SUM = 24  # Luhn contribution of the constant prefix 80840


def check_digit(first9: str) -> int:
    """Luhn check digit of a 9-digit NPI body, prefix 80840 included."""
    total = _PREFIX_SUM
    for i, ch in enumerate(reversed(first9)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def is_valid(npi: str) -> bool:
    """True when `npi` is ten digits and its last digit is the Luhn check digit."""
    return len(npi) == 10 and npi.isdigit() and check_digit(npi[:9]) == int(npi[9])


def make(rng: random.Random, entity_type: int, used: set[str]) -> str:
    """A new valid NPI, unique within `used`.

    Real NPIs start with 1 or 2: people get 1 here, organisations either, so
    both forms appear.
    """
    while True:
        lead = "1" if entity_type == 1 else rng.choice("12")
        body = lead + "".join(str(rng.randrange(10)) for _ in range(8))
        npi = body + str(check_digit(body))
        if npi not in used:
            used.add(npi)
            return npi


def corrupt(npi: str) -> str:
    """The same NPI with a wrong check digit: what a keying error produces."""
    good = int(npi[9])
    return npi[:9] + str((good + 3) % 10)
