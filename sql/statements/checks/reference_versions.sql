-- The reference tables the rules read, with the version each was loaded from (JSON for dq.check_runs).
SELECT coalesce(json_group_object(table_name, json_object(
    'file', file_name, 'effective_date', effective_date, 'version', version, 'sha256', sha256)), '{}')
FROM ref.versions
WHERE table_name IN ('ncci_ptp_practitioner', 'mue_practitioner', 'modifiers',
    'sex_specific_codes', 'age_specific_codes', 'em_codes', 'place_of_service')
