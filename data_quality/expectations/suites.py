"""The expectation suites, as data: which query, which expectations, which severity.

Each `Check` names a query under `sql/dq/expectations/`; DuckDB runs it and
Great Expectations validates the result as a pandas frame. Queries over big
tables pre-aggregate (per file, per claim, per distinct code) so millions of
lines never leave DuckDB; the `grain` says what one row of the result is, and
so what an unexpected count counts.

Each unexpected row in a result's sample names the row by the check's `key`;
a check whose key can be null (a claim sent without its billing NPI, a
remittance whose billing provider is unknown) also has a `locator` (file and
segment) so such a row is still reported, with its key as null. A spec's
`sample` columns are listed beside the key: for a balance, what was expected,
what was found and the difference. Money travels in whole cents (exact
integers, cheap to hand over); a listed column named `..._cents` is shown as
the amount under the name without the suffix (`expected_clp03`: "60.00").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TODAY = "$today"  # replaced by the check date plus a horizon (validate.HORIZON_DAYS)
FAR_PAST = "2000-01-01"


@dataclass(frozen=True)
class Spec:
    """One expectation: a Great Expectations class name, its arguments and our severity."""

    name: str
    gx_type: str
    severity: str
    column: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    sample: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    suite: str
    name: str
    query: str
    table: str
    grain: str
    key: tuple[str, ...]
    expectations: tuple[Spec, ...]
    locator: tuple[str, ...] = ()


def _zero(name: str, column: str, severity: str = "error", keyless: bool = False) -> Spec:
    """A count that must be zero; for submissions without a key, the sample says where they are."""
    listed = ("missing_key_at",) if keyless else ()
    return Spec(
        name, "ExpectColumnValuesToBeBetween", severity, column, {"max_value": 0}, sample=listed
    )


def _balances(name: str, column: str, listed: tuple[str, ...], severity: str = "error") -> Spec:
    """A difference that must be zero; the sample lists expected, found and difference."""
    return Spec(
        name,
        "ExpectColumnValuesToBeBetween",
        severity,
        column,
        {"min_value": 0, "max_value": 0},
        sample=listed,
    )


CHECKS: tuple[Check, ...] = (
    Check(
        "staging",
        "claim files",
        "dq/expectations/stg_claim_files.sql",
        "staging.stg_submissions",
        "claim file",
        ("file_name",),
        (
            _zero("every submission has a billing NPI", "missing_billing_npi", keyless=True),
            _zero("every submission has a claim id (CLM01)", "missing_claim_id", keyless=True),
            _zero("every submission has a submission date", "missing_submission_date"),
            _zero("every service line has its claim", "orphan_lines"),
        ),
    ),
    Check(
        "staging",
        "remittance files",
        "dq/expectations/stg_remittance_files.sql",
        "staging.stg_x12_remittances",
        "835 file",
        ("file_name",),
        (
            _zero("every remittance has a payee NPI or tax id", "missing_payee_id"),
            _zero("every remittance has a claim id (CLP01)", "missing_claim_id"),
            _zero("every remittance has a posting date (BPR16)", "missing_posting_date"),
            _zero("every CAS amount has its CLP", "orphan_adjustments"),
        ),
    ),
    Check(
        "staging",
        "835 transactions",
        "dq/expectations/stg_835_transactions.sql",
        "raw.x12_payments",
        "835 transaction set",
        ("file_name", "segment"),
        (
            _balances(
                "835 transaction balances: BPR02 = sum of CLP04 - sum of PLB",
                "difference_cents",
                (
                    "transaction_control_number",
                    "trace_number",
                    "expected_bpr02_cents",
                    "found_clp04_less_plb_cents",
                    "difference_cents",
                ),
            ),
        ),
    ),
    Check(
        "staging",
        "837 claim charges",
        "dq/expectations/stg_837_claim_charges.sql",
        "staging.stg_x12_submissions",
        "837 claim (CLM)",
        ("claim_key",),
        (
            _balances(
                "837 claim lines sum to CLM02",
                "difference_cents",
                ("lines", "expected_clm02_cents", "found_line_charges_cents", "difference_cents"),
            ),
        ),
        locator=("file_name", "segment"),
    ),
    Check(
        "staging",
        "procedure codes",
        "dq/expectations/stg_codes.sql",
        "staging.stg_claim_lines",
        "distinct procedure code",
        ("code",),
        (
            Spec(
                "procedure codes are well-formed CPT/HCPCS",
                "ExpectColumnValuesToMatchRegex",
                "warning",
                "code",
                {"regex": r"^([0-9]{5}|[0-9]{4}[FTU]|[A-V][0-9]{4})$"},
            ),
        ),
    ),
    Check(
        "staging",
        "diagnosis codes",
        "dq/expectations/stg_codes.sql",
        "staging.stg_claim_diagnoses",
        "distinct diagnosis code",
        ("code",),
        (
            Spec(
                "diagnosis codes are shaped like ICD-10-CM",
                "ExpectColumnValuesToMatchRegex",
                "warning",
                "code",
                {"regex": r"^[A-Z][0-9][0-9A-Z]{1,5}$"},
            ),
        ),
    ),
    Check(
        "staging",
        "places of service",
        "dq/expectations/stg_codes.sql",
        "staging.stg_claim_lines",
        "distinct place of service",
        ("code",),
        (
            Spec(
                "places of service are assigned CMS codes",
                "ExpectColumnValuesToBeInSet",
                "warning",
                "known",
                {"value_set": [True]},
            ),
        ),
    ),
    Check(
        "staging",
        "provider NPIs",
        "dq/expectations/stg_npis.sql",
        "staging.stg_submissions",
        "distinct NPI",
        ("npi",),
        (
            Spec(
                "NPIs are ten digits",
                "ExpectColumnValuesToMatchRegex",
                "error",
                "npi",
                {"regex": r"^[0-9]{10}$"},
            ),
        ),
    ),
    Check(
        "core",
        "claims",
        "dq/expectations/core_claims.sql",
        "core.claims",
        "claim",
        ("claim_key",),
        (
            Spec("claim key is present", "ExpectColumnValuesToNotBeNull", "error", "claim_key"),
            Spec("claim key is unique", "ExpectColumnValuesToBeUnique", "error", "claim_key"),
            Spec(
                "billed amount is not negative",
                "ExpectColumnValuesToBeBetween",
                "error",
                "billed_amount_cents",
                {"min_value": 0},
            ),
            Spec(
                "first submission date is in range",
                "ExpectColumnValuesToBeBetween",
                "error",
                "first_submitted_date",
                {"min_value": FAR_PAST, "max_value": TODAY},
            ),
            Spec(
                "service date <= submission date",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                "error",
                "current_submission_date",
                {
                    "column_A": "current_submission_date",
                    "column_B": "first_service_date",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            ),
            Spec(
                "birth date <= service date",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                "warning",
                "patient_birth_date",
                {
                    "column_A": "first_service_date",
                    "column_B": "patient_birth_date",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            ),
            Spec(
                "every claim has a service line",
                "ExpectColumnValuesToBeBetween",
                "error",
                "lines",
                {"min_value": 1},
            ),
            Spec(
                "line charges are not negative",
                "ExpectColumnValuesToBeBetween",
                "error",
                "min_line_charge_cents",
                {"min_value": 0},
            ),
            Spec(
                "line units are positive",
                "ExpectColumnValuesToBeBetween",
                "warning",
                "min_line_units",
                {"min_value": 0, "strict_min": True},
            ),
        ),
    ),
    Check(
        "core",
        "remittances",
        "dq/expectations/core_remittances.sql",
        "core.remittances",
        "remittance (CLP)",
        ("remittance_key",),
        (
            Spec(
                "remittance key is unique",
                "ExpectColumnValuesToBeUnique",
                "error",
                "remittance_key",
            ),
            Spec(
                "every remittance is matched or listed as unmatched",
                "ExpectColumnValuesToNotBeNull",
                "error",
                "match_status",
            ),
            Spec(
                "remittances match a submitted claim",
                "ExpectColumnValuesToBeInSet",
                "warning",
                "match_status",
                {"value_set": ["matched"]},
                sample=("claim_id", "unmatched_reason"),
            ),
            Spec(
                "posting date is in range",
                "ExpectColumnValuesToBeBetween",
                "error",
                "posting_date",
                {"min_value": FAR_PAST, "max_value": TODAY},
            ),
            Spec(
                "submission date <= posting date",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                "error",
                "posting_date",
                {
                    "column_A": "posting_date",
                    "column_B": "first_submitted_date",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            ),
            _balances(
                "835 balances: CLP03 = CLP04 + sum of CAS",
                "balance_difference_cents",
                (
                    "claim_id",
                    "expected_clp03_cents",
                    "found_clp04_plus_cas_cents",
                    "balance_difference_cents",
                ),
                severity="warning",
            ),
        ),
        locator=("file_name", "segment"),
    ),
    Check(
        "core",
        "adjustment groups",
        "dq/expectations/core_adjustment_groups.sql",
        "core.adjustments",
        "distinct CAS group code",
        ("group_code",),
        (
            Spec(
                "CAS group codes are CO, PR, OA, PI or CR",
                "ExpectColumnValuesToBeInSet",
                "error",
                "group_code",
                {"value_set": ["CO", "PR", "OA", "PI", "CR"]},
            ),
        ),
    ),
    Check(
        "core",
        "ledger reconciliation",
        "dq/expectations/ledger_row_counts.sql",
        "meta.files",
        "raw table",
        ("table_name",),
        (
            Spec(
                "raw table rows equal the ledger's row counts",
                "ExpectColumnPairValuesToBeEqual",
                "error",
                "warehouse_rows",
                {"column_A": "ledger_rows", "column_B": "warehouse_rows"},
            ),
            Spec(
                "every raw table is reconciled",
                "ExpectTableRowCountToEqual",
                "error",
                None,
                {"value": 18},
            ),
        ),
    ),
)

# Frames of one query filtered to one kind (the codes query serves three checks).
FILTERS: dict[str, tuple[str, str]] = {
    "procedure codes": ("kind", "procedure"),
    "diagnosis codes": ("kind", "diagnosis"),
    "places of service": ("kind", "place_of_service"),
}
