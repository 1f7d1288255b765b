-- Staging remittances by 835 file: CLP loops without a claim id, a payee id
-- (an NPI, or a tax id that core.remittances matches to a billing provider) or
-- a posting date, and CAS amounts whose CLP is missing. Grain: one row per 835 file.
WITH remits AS (
    SELECT
        r.file_id,
        count(*) AS remittances,
        count(*) FILTER (WHERE billing_npi IS NULL AND payee_tax_id IS NULL) AS missing_payee_id,
        count(*) FILTER (WHERE claim_id IS NULL) AS missing_claim_id,
        count(*) FILTER (WHERE posting_date IS NULL) AS missing_posting_date
    FROM staging.stg_x12_remittances AS r
    JOIN raw.x12_payments AS p USING (file_id, transaction_index)
    GROUP BY r.file_id
),
orphans AS (
    SELECT a.file_id, count(*) AS orphan_adjustments
    FROM staging.stg_x12_adjustments AS a
    ANTI JOIN staging.stg_x12_remittances AS r USING (file_id, claim_index)
    GROUP BY a.file_id
)
SELECT
    f.file_name,
    r.remittances,
    r.missing_payee_id,
    r.missing_claim_id,
    r.missing_posting_date,
    coalesce(o.orphan_adjustments, 0) AS orphan_adjustments
FROM remits AS r
JOIN meta.files AS f USING (file_id)
LEFT JOIN orphans AS o USING (file_id)
