-- dash_rejections for a warehouse made before acknowledgements were loaded:
-- the same columns as dash_rejections.sql, no rows.
CREATE OR REPLACE TEMP TABLE dash_rejections (
    billing_npi VARCHAR,
    claim_id VARCHAR,
    submission_seq INTEGER,
    total_charge DECIMAL(18, 2),
    ack_kind VARCHAR,
    reason VARCHAR,
    rejected_date DATE
);
