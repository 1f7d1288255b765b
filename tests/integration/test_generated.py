"""Generated files -> warehouse -> KPIs, checked against the generator's counts and a second,
independent computation of every KPI in pandas from the core tables."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from rcm.cli import app
from rcm.generator import generate
from rcm.pipeline import load
from rcm.warehouse import Warehouse

PAYMENT_ADJUSTMENT_CARCS = {"1", "2", "3", "23", "45", "59", "94", "131", "253"}
runner = CliRunner()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, Path, object]:
    root = tmp_path_factory.mktemp("generated")
    out = root / "files"
    summary = generate(out, claims=1500, seed=31)
    wh = Warehouse(root / "wh")
    folders = [out / name for name in ("837", "835", "csv", "bad") if (out / name).is_dir()]
    report = load(wh, folders).load
    return wh, out, (summary, report)


def frame(wh: Warehouse, query: str) -> pd.DataFrame:
    with wh.reader() as con:
        return con.sql(query).to_arrow_table().to_pandas()


def test_row_counts_match_the_generator(generated) -> None:
    wh, _, (summary, report) = generated
    assert report.count("loaded") == summary.files_837 + summary.files_835 + summary.csv_files
    assert len(report.refused) == summary.bad_files
    counts = frame(
        wh,
        "SELECT (SELECT count(*) FROM core.claims) AS claims,"
        " (SELECT count(*) FROM core.submissions) AS submissions,"
        " (SELECT count(*) FROM core.remittances) AS remittances,"
        " (SELECT count(*) FROM core.remittances WHERE NOT matched) AS unmatched",
    ).iloc[0]
    assert counts["claims"] == summary.claims
    assert counts["submissions"] == summary.submissions
    assert counts["remittances"] == summary.remittances
    assert counts["unmatched"] == 0


def _ratio(num, den) -> float | None:
    if den == 0:
        return None
    return float((Decimal(str(num)) / Decimal(str(den))).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def _kpis_in_pandas(wh: Warehouse) -> dict:
    """Every KPI of the metric definitions, recomputed from the core tables without the marts."""
    subs = frame(wh, "SELECT * FROM core.submissions")
    remits = frame(wh, "SELECT * FROM core.remittances WHERE matched")
    adj = frame(wh, "SELECT * FROM core.adjustments")
    write_offs = frame(wh, "SELECT * FROM core.write_offs")
    flags = frame(
        wh,
        "SELECT DISTINCT billing_npi, claim_id FROM dq.coding_flags"
        " WHERE severity = 'error' AND rule <> 'FRONT_END_REJECTED'",
    )
    first_acks = frame(
        wh,
        "SELECT billing_npi, claim_id, has_acknowledgement, front_end_rejected"
        " FROM core.submission_acknowledgements WHERE submission_seq = 1",
    )
    acknowledged = {
        (r.billing_npi, r.claim_id): bool(r.front_end_rejected)
        for r in first_acks.itertuples(index=False)
        if r.has_acknowledgement
    }
    checks_ran = len(frame(wh, "SELECT * FROM dq.check_runs")) > 0
    d = remits["posting_date"].max()
    if isinstance(d, pd.Timestamp):
        d = d.date()
    key = ["billing_npi", "claim_id"]

    def as_date(series: pd.Series) -> pd.Series:
        return pd.to_datetime(series).dt.date

    subs["submission_date"] = as_date(subs["submission_date"])
    remits["posting_date"] = as_date(remits["posting_date"])
    adj["posting_date"] = as_date(adj["posting_date"])
    write_offs["adjustment_date"] = as_date(write_offs["adjustment_date"])
    subs = subs[subs["submission_date"] <= d].sort_values([*key, "submission_seq"])
    remits = remits[remits["posting_date"] <= d].sort_values([*key, "remit_seq"])
    adj = adj[adj["posting_date"] <= d]

    claims = {}
    for (npi, cid), group in subs.groupby(key, sort=False):
        live = group[~group["is_void"]]
        claims[(npi, cid)] = {
            "first": group["submission_date"].min(),
            "voided": bool(group.iloc[-1]["is_void"]),
            "billed": live.iloc[-1]["total_charge"] if len(live) else Decimal(0),
            "replacements": list(group.loc[group["is_replacement"], "submission_date"]),
        }

    def classify(row) -> str:
        if row["group_code"] == "PR":
            return "pr"
        if row["reason_code"] in PAYMENT_ADJUSTMENT_CARCS:
            return "payadj"
        if row["group_code"] in ("CO", "OA", "PI"):
            return "denial"
        return "other"

    adj["cls"] = adj.apply(classify, axis=1)
    adj_by_claim = {k: g for k, g in adj.groupby(key)}
    remits_by_claim = {k: g for k, g in remits.groupby(key)}
    wo_by_claim = (
        write_offs[write_offs["adjustment_date"] <= d].groupby(key)["amount"].sum().to_dict()
    )
    flagged = set(map(tuple, flags[key].itertuples(index=False)))

    zero = Decimal(0)
    t = dict.fromkeys(
        ["gross", "submitted", "clean", "remitted", "denied", "denied_amt", "first_billed", "fpr",
         "recovered", "paid", "remitted_billed", "net_den", "ar", "recent", "ar90", "acked",
         "fe_rejected"], zero,
    )  # fmt: skip
    days: list[int] = []
    for k, c in claims.items():
        if c["voided"]:
            continue
        t["gross"] += c["billed"]
        t["submitted"] += 1
        t["clean"] += k not in flagged
        if k in acknowledged:
            t["acked"] += 1
            t["fe_rejected"] += acknowledged[k]
        r = remits_by_claim.get(k, remits.iloc[0:0])
        a = adj_by_claim.get(k, adj.iloc[0:0])
        paid = sum(r["paid_amount"], zero)
        payadj = sum(a.loc[a["cls"] == "payadj", "amount"], zero)
        pr = sum(a.loc[a["cls"] == "pr", "amount"], zero)
        balance = c["billed"] - paid - payadj - pr - wo_by_claim.get(k, zero)
        t["ar"] += balance
        if (d - c["first"]).days >= 91:
            t["ar90"] += balance
        if (d - c["first"]).days <= 89:
            t["recent"] += c["billed"]
        by_day = r.groupby("posting_date")["paid_amount"].sum().sort_index().cumsum()
        paid_days = [day for day, total in by_day.items() if total > 0]
        if paid_days:
            days.append((paid_days[0] - c["first"]).days)
        firsts = r[~r["is_reversal"]]
        if not len(firsts):
            continue
        f = firsts.iloc[0]
        on_first = a[(a["file_id"] == f["file_id"]) & (a["claim_index"] == f["claim_index"])]
        denials = on_first[on_first["cls"] == "denial"]
        denied = f["status_code"] == "4" or len(denials) > 0
        amount = (
            sum(denials["amount"], zero)
            if len(denials)
            else (f["billed_amount"] if f["status_code"] == "4" else zero)
        )
        resubmitted = any(day > f["posting_date"] for day in c["replacements"])
        later = r[(r["remit_seq"] > f["remit_seq"]) & ~r["is_reversal"] & (r["paid_amount"] > 0)]
        t["remitted"] += 1
        t["denied"] += denied
        t["denied_amt"] += amount
        t["first_billed"] += f["billed_amount"]
        t["fpr"] += (not denied) and not resubmitted
        t["recovered"] += denied and len(later) > 0
        t["paid"] += paid
        t["remitted_billed"] += c["billed"]
        t["net_den"] += c["billed"] - payadj - pr
    days.sort()
    median = None
    if days:
        mid = len(days) // 2
        median = float(days[mid]) if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    return {
        "payer": "ALL",
        "gross_charges": f"{t['gross']:.2f}",
        "remitted_claims": int(t["remitted"]),
        "initial_denial_rate": _ratio(t["denied"], t["remitted"]),
        "initial_denial_rate_dollars": _ratio(t["denied_amt"], t["first_billed"]),
        "first_pass_resolution_rate": _ratio(t["fpr"], t["remitted"]),
        "denial_recovery_rate": _ratio(t["recovered"], t["denied"]),
        "clean_claim_rate": _ratio(t["clean"], t["submitted"]) if checks_ran else None,
        "front_end_rejection_rate": _ratio(t["fe_rejected"], t["acked"]),
        "gross_collection_rate": _ratio(t["paid"], t["remitted_billed"]),
        "net_collection_rate": _ratio(t["paid"], t["net_den"]),
        "avg_days_to_pay": _ratio(sum(days), len(days)),
        "median_days_to_pay": median,
        "insurance_ar": f"{t['ar']:.2f}",
        "days_in_ar": _ratio(t["ar"] * 90, t["recent"]),
        "ar_over_90_pct": _ratio(t["ar90"], t["ar"]),
    }


def test_every_kpi_matches_a_second_computation_to_the_cent(generated) -> None:
    wh, _, _ = generated
    result = runner.invoke(app, ["--warehouse", str(wh.root), "kpis", "--format", "json"])
    assert result.exit_code == 0, result.output
    [mart] = json.loads(result.output)
    expected = _kpis_in_pandas(wh)
    assert mart == expected
    # The data is realistic enough that the KPIs are neither empty nor trivial.
    assert mart["remitted_claims"] > 1000
    assert 0.02 < mart["initial_denial_rate"] < 0.4
    assert Decimal(mart["insurance_ar"]) > 0


def test_payer_and_month_rows_add_up_to_the_total(generated) -> None:
    wh, _, _ = generated

    def kpis(*args: str) -> list[dict]:
        result = runner.invoke(
            app, ["--warehouse", str(wh.root), "kpis", "--format", "json", *args]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    [total] = kpis()
    by_payer = kpis("--by", "payer")
    by_month = kpis("--by", "month")
    assert by_payer[0] == total
    for key in ("gross_charges", "insurance_ar"):
        assert sum(Decimal(r[key]) for r in by_payer[1:]) == Decimal(total[key])
    assert sum(Decimal(r["gross_charges"]) for r in by_month) == Decimal(total["gross_charges"])
    assert sum(r["remitted_claims"] for r in by_month) == total["remitted_claims"]
    # The month holding D snapshots A/R at D.
    assert by_month[-1]["insurance_ar"] == total["insurance_ar"]
