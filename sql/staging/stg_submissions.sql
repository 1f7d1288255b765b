-- staging.stg_submissions
-- Grain: every submission from every source (837 and the claims extract), in
-- one shape for the core layer.
CREATE OR REPLACE VIEW staging.stg_submissions AS
SELECT * FROM staging.stg_x12_submissions
UNION ALL BY NAME
SELECT * FROM staging.stg_csv_submissions;

COMMENT ON VIEW staging.stg_submissions IS 'Every submission of every claim, from 837s and the claims extract.';
