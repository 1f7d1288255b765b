-- staging.stg_claim_diagnoses
-- Grain: every diagnosis from every source (837 and the claims extract), in
-- one shape for the core layer.
CREATE OR REPLACE VIEW staging.stg_claim_diagnoses AS
SELECT * FROM staging.stg_x12_claim_diagnoses
UNION ALL BY NAME
SELECT * FROM staging.stg_csv_claim_diagnoses;

COMMENT ON VIEW staging.stg_claim_diagnoses IS 'Every diagnosis of every submission, from 837s and the claims extract.';
