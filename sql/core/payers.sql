-- core.payers
-- Grain: one row per payer id seen on a claim (2010BB NM109), a remittance
-- (835 payer) or in the payers extract.
CREATE OR REPLACE TABLE core.payers AS
WITH seen AS (
    SELECT payer_id, payer_name, claim_filing_indicator FROM core.submissions
    UNION ALL
    SELECT payer_id, payer_name, claim_filing_indicator FROM core.remittances
),
named AS (
    SELECT
        payer_id,
        mode(payer_name) AS payer_name,
        mode(claim_filing_indicator) AS claim_filing_indicator
    FROM seen
    WHERE payer_id IS NOT NULL
    GROUP BY payer_id
)
SELECT
    coalesce(e.payer_id, n.payer_id) AS payer_id,
    coalesce(e.payer_name, n.payer_name) AS payer_name,
    coalesce(e.payer_type, n.claim_filing_indicator) AS payer_type,
    e.payer_id IS NOT NULL AS in_payers_extract
FROM named AS n
FULL OUTER JOIN staging.stg_csv_payers AS e ON e.payer_id = n.payer_id;

COMMENT ON TABLE core.payers IS 'Every payer id seen on claims, remittances or the payers extract.';
