-- Payer names and types for labels.
SELECT payer_id, payer_name, payer_type FROM core.payers ORDER BY payer_id
