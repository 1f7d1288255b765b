-- ref.ncci_ptp_practitioner typed: dates are dates ('*' or empty deletion date = in force).
ALTER TABLE ref.ncci_ptp_practitioner ALTER effective_date TYPE DATE
    USING strptime(effective_date, ['%Y%m%d', '%Y-%m-%d'])::DATE;
ALTER TABLE ref.ncci_ptp_practitioner ALTER deletion_date TYPE DATE
    USING CASE WHEN deletion_date IN ('', '*') THEN NULL
               ELSE strptime(deletion_date, ['%Y%m%d', '%Y-%m-%d'])::DATE END;
COMMENT ON TABLE ref.ncci_ptp_practitioner IS
    'NCCI procedure-to-procedure edits (practitioner): column 1/column 2 pairs with modifier indicator.';
