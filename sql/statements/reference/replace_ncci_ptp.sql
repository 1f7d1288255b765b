-- Replace ref.ncci_ptp_practitioner with the official edits (registered as
-- dq_official_ptp); same columns and types as the shipped extract's typed table.
CREATE OR REPLACE TABLE ref.ncci_ptp_practitioner AS
SELECT
    CAST(column_1 AS VARCHAR) AS column_1,
    CAST(column_2 AS VARCHAR) AS column_2,
    CAST(effective_date AS DATE) AS effective_date,
    CAST(deletion_date AS DATE) AS deletion_date,
    CAST(modifier_indicator AS VARCHAR) AS modifier_indicator
FROM dq_official_ptp;
COMMENT ON TABLE ref.ncci_ptp_practitioner IS
    'NCCI procedure-to-procedure edits (practitioner), official CMS files loaded by rcm reference load.';
