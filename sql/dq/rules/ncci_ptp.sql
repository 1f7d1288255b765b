-- NCCI_PTP: line level, severity error.
-- Catches the column-2 line of an NCCI procedure-to-procedure pair billed for
-- the same patient by the same rendering provider on the same date of service
-- (on one claim or across claims, professional claims only), when the edit is
-- in force on that date (effective <= date < deletion) and either its modifier
-- indicator is 0 (never bypassed, whatever the modifiers) or it is 1 and the
-- column-2 line carries no NCCI PTP-associated modifier (ref.modifiers
-- ncci_ptp_bypass: 25, 59, XE, XS, XP, XU, anatomic modifiers ...).
-- Indicator 9 rows are not edits.
-- Speed: only lines whose code is a column 1 or column 2 of an edit can pair,
-- and only on a day (hashed patient, provider and date: a collision only lets
-- an extra day through) with two different such codes.
WITH professional AS NOT MATERIALIZED (
    SELECT *
    FROM dq_rule_lines
    WHERE professional AND procedure_code IS NOT NULL AND service_date IS NOT NULL
      AND procedure_code IN (
          SELECT column_1 FROM ref.ncci_ptp_practitioner
          UNION
          SELECT column_2 FROM ref.ncci_ptp_practitioner
      )
),
busy_days AS (
    SELECT hash(patient_key, line_rendering_npi, service_date) AS day
    FROM professional
    GROUP BY day
    HAVING min(procedure_code) <> max(procedure_code)
),
day_lines AS (
    SELECT p.*,
        list_has_any(p.modifier_list,
            (SELECT list(modifier) FROM ref.modifiers WHERE ncci_ptp_bypass)) AS has_bypass
    FROM professional AS p
    WHERE hash(p.patient_key, p.line_rendering_npi, p.service_date) IN (SELECT day FROM busy_days)
),
pairs AS (
    SELECT
        b.billing_npi,
        b.claim_id,
        b.line_number,
        b.provider_npi,
        b.procedure_code AS column_2,
        b.modifier_list,
        b.has_bypass,
        a.procedure_code AS column_1,
        a.claim_id AS column_1_claim_id,
        a.line_number AS column_1_line_number,
        e.modifier_indicator
    FROM day_lines AS a
    JOIN ref.ncci_ptp_practitioner AS e ON e.column_1 = a.procedure_code
    JOIN day_lines AS b
        ON b.patient_key = a.patient_key
        AND b.line_rendering_npi = a.line_rendering_npi
        AND b.service_date = a.service_date
        AND b.procedure_code = e.column_2
    WHERE e.column_1 <> e.column_2
      AND e.effective_date <= a.service_date
      AND (e.deletion_date IS NULL OR a.service_date < e.deletion_date)
      AND (e.modifier_indicator = '0' OR (e.modifier_indicator = '1' AND NOT b.has_bypass))
)
SELECT
    'NCCI_PTP' AS rule,
    'error' AS severity,
    billing_npi,
    claim_id,
    line_number,
    any_value(provider_npi) AS provider_npi,
    string_agg(DISTINCT column_2 || ' is bundled into ' || column_1
        || CASE WHEN modifier_indicator = '0' THEN ' (modifier indicator 0: no modifier bypasses it)'
                ELSE ' (modifier indicator 1: no NCCI bypass modifier on the line)' END, '; ')
        AS detail,
    json_object(
        'column_2', any_value(column_2),
        'column_1', list(DISTINCT column_1),
        'column_1_lines', list(DISTINCT column_1_claim_id || ':' || column_1_line_number),
        'modifier_indicator', list(DISTINCT modifier_indicator),
        'modifiers', any_value(modifier_list)
    ) AS evidence
FROM pairs
GROUP BY billing_npi, claim_id, line_number
