-- dq_rule_lines: one row per service line of each claim's current submission,
-- with the claim's patient, rendering provider and claim type beside it.
-- Rules run on the current submission: a replacement repeats the original's
-- lines, and a voided claim keeps the lines it was billed with. It is a table,
-- not a view: the lines are joined to their claims once, not once per rule.
-- A temporary object of the check's connection (nothing is kept in the snapshot)
-- that the coding rules share.
CREATE OR REPLACE TEMP TABLE dq_rule_lines AS
SELECT
    l.billing_npi,
    l.claim_id,
    l.line_number,
    l.procedure_qualifier,
    l.procedure_code,
    list_filter([l.modifier_1, l.modifier_2, l.modifier_3, l.modifier_4], lambda m: coalesce(m, '') <> '')
        AS modifier_list,
    l.modifiers,
    l.units,
    l.charge,
    l.service_date,
    l.rendering_npi AS line_rendering_npi,
    l.dx_code_1,
    l.dx_code_2,
    l.dx_code_3,
    l.dx_code_4,
    l.patient_key,
    c.rendering_npi AS provider_npi,
    c.patient_birth_date,
    c.claim_type IN ('837P', 'CSV') AS professional,
    c.is_voided
FROM core.claim_lines AS l
JOIN core.claims AS c USING (billing_npi, claim_id);
