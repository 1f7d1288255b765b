-- Replace ref.mue_practitioner with the official values (registered as
-- dq_official_mue); same columns and types as the shipped extract's typed table.
CREATE OR REPLACE TABLE ref.mue_practitioner AS
SELECT
    CAST(hcpcs AS VARCHAR) AS hcpcs,
    CAST(mue_value AS INTEGER) AS mue_value,
    CAST(adjudication_indicator AS VARCHAR) AS adjudication_indicator,
    CAST(rationale AS VARCHAR) AS rationale
FROM dq_official_mue;
COMMENT ON TABLE ref.mue_practitioner IS
    'Practitioner medically unlikely edits, official CMS file loaded by rcm reference load.';
