"""The coding-anomaly rules of the metric definitions (section 5), as data.

Each rule is one SQL file under `sql/dq/rules/` that opens with a comment
saying what it catches, its level and severity. Set-based rules return their
findings directly; the provider outlier rules return per-provider counts that
`outliers.py` tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    rule_id: str
    level: str  # claim, line or provider
    severity: str  # error, warning or info
    sql: str  # path under sql/
    kind: str = "findings"  # findings: the SQL returns flags; provider_rate: counts to test


RULES: tuple[Rule, ...] = (
    Rule("DX_INVALID", "claim", "error", "dq/rules/dx_invalid.sql"),
    Rule("PX_INVALID", "line", "error", "dq/rules/px_invalid.sql"),
    Rule("NPI_INVALID", "claim", "error", "dq/rules/npi_invalid.sql"),
    Rule("SEX_CONFLICT", "claim", "error", "dq/rules/sex_conflict.sql"),
    Rule("AGE_CONFLICT", "line", "error", "dq/rules/age_conflict.sql"),
    Rule("NCCI_PTP", "line", "error", "dq/rules/ncci_ptp.sql"),
    Rule("MUE", "line", "error", "dq/rules/mue.sql"),
    Rule("DUPLICATE_LINE", "line", "warning", "dq/rules/duplicate_line.sql"),
    Rule(
        "EM_LEVEL_OUTLIER", "provider", "warning", "dq/rules/em_level_outlier.sql", "provider_rate"
    ),
    Rule("MOD25_OUTLIER", "provider", "warning", "dq/rules/mod25_outlier.sql", "provider_rate"),
    Rule("MOD59_OUTLIER", "provider", "warning", "dq/rules/mod59_outlier.sql", "provider_rate"),
    Rule("CHARGE_OUTLIER", "line", "info", "dq/rules/charge_outlier.sql"),
    Rule("FRONT_END_REJECTED", "claim", "error", "dq/rules/front_end_rejected.sql"),
)

RULES_BY_ID: dict[str, Rule] = {rule.rule_id: rule for rule in RULES}
