-- staging.stg_claim_lines
-- Grain: every service line from every source (837 and the claims extract), in
-- one shape for the core layer.
CREATE OR REPLACE VIEW staging.stg_claim_lines AS
SELECT * FROM staging.stg_x12_claim_lines
UNION ALL BY NAME
SELECT * FROM staging.stg_csv_claim_lines;

COMMENT ON VIEW staging.stg_claim_lines IS 'Every service line of every submission, from 837s and the claims extract.';
