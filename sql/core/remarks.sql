-- core.remarks
-- Grain: one row per remark code on a remittance (claim level MOA/MIA, line level LQ).
CREATE OR REPLACE TABLE core.remarks AS
SELECT
    r.billing_npi,
    r.claim_id,
    r.remit_seq,
    r.posting_date,
    m.line_index,
    m.source,
    m.qualifier,
    m.code,
    rarc.description
FROM staging.stg_x12_remarks AS m
JOIN core.remittances AS r
    ON r.file_id = m.file_id AND r.claim_index = m.claim_index
LEFT JOIN ref.rarc AS rarc
    ON rarc.code = m.code;

COMMENT ON TABLE core.remarks IS 'Remark codes (RARC) on remittances, with their text.';
