-- staging.stg_submissions, staging.stg_claim_lines, staging.stg_claim_diagnoses
-- Grain: every submission / line / diagnosis from every source (837 and the
-- claims extract), in one shape for the core layer.
CREATE OR REPLACE VIEW staging.stg_submissions AS
SELECT * FROM staging.stg_x12_submissions
UNION ALL BY NAME
SELECT * FROM staging.stg_csv_submissions;

CREATE OR REPLACE VIEW staging.stg_claim_lines AS
SELECT * FROM staging.stg_x12_claim_lines
UNION ALL BY NAME
SELECT * FROM staging.stg_csv_claim_lines;

CREATE OR REPLACE VIEW staging.stg_claim_diagnoses AS
SELECT * FROM staging.stg_x12_claim_diagnoses
UNION ALL BY NAME
SELECT * FROM staging.stg_csv_claim_diagnoses;

COMMENT ON VIEW staging.stg_submissions IS 'Every submission of every claim, from 837s and the claims extract.';
COMMENT ON VIEW staging.stg_claim_lines IS 'Every service line of every submission, from 837s and the claims extract.';
COMMENT ON VIEW staging.stg_claim_diagnoses IS 'Every diagnosis of every submission, from 837s and the claims extract.';
